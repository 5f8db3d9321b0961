package dev.edgegateway.cache.http;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class CacheControlTests {

	@Test
	void combinedDirectivesAreEachUnderstood() {
		CacheControl cc = CacheControl.parse("no-cache, no-store, max-age=0, must-revalidate");
		assertThat(cc.noCache()).isTrue();
		assertThat(cc.noStore()).isTrue();
		assertThat(cc.maxAge()).isZero();
		assertThat(cc.mustRevalidate()).isTrue();
	}

	@Test
	void directivesSpreadOverSeveralFieldLinesAreMerged() {
		CacheControl cc = CacheControl.parse(List.of("public", "s-maxage=60", "stale-while-revalidate=30"));
		assertThat(cc.isPublic()).isTrue();
		assertThat(cc.sMaxAge()).isEqualTo(60);
		assertThat(cc.staleWhileRevalidate()).isEqualTo(30);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "max-age=60|60", "MAX-AGE=60|60", "max-age=\"60\"|60", " max-age = 60 |60",
			"max-age=abc|0", "max-age=-5|0", "max-age=|0", "max-age=60, max-age=10|60",
			"max-age=99999999999999|2147483648", "public|-1" })
	void maxAgeIsParsedRobustly(String header, long expected) {
		assertThat(CacheControl.parse(header).maxAge()).isEqualTo(expected);
	}

	@Test
	void qualifiedPrivateAndNoCacheNameFieldsAndDoNotForbidStoring() {
		CacheControl cc = CacheControl.parse("private=\"Set-Cookie, X-User\", no-cache=\"Set-Cookie\", max-age=60");
		assertThat(cc.isPrivate()).isFalse();
		assertThat(cc.noCache()).isFalse();
		assertThat(cc.privateFields()).containsExactly("set-cookie", "x-user");
		assertThat(cc.noCacheFields()).containsExactly("set-cookie");
	}

	@Test
	void requestDirectives() {
		CacheControl cc = CacheControl.parse("max-stale, min-fresh=20, only-if-cached");
		assertThat(cc.maxStale()).isEqualTo(CacheControl.MAX_DELTA);
		assertThat(cc.minFresh()).isEqualTo(20);
		assertThat(cc.onlyIfCached()).isTrue();
		assertThat(CacheControl.parse("max-stale=5").maxStale()).isEqualTo(5);
	}

	@Test
	void emptyAndGarbageValuesMeanNoDirectives() {
		assertThat(CacheControl.parse((String) null).isPresent()).isFalse();
		assertThat(CacheControl.parse(List.of()).isPresent()).isFalse();
		CacheControl garbage = CacheControl.parse(",,, ;; \"oops");
		assertThat(garbage.noStore()).isFalse();
		assertThat(garbage.maxAge()).isEqualTo(CacheControl.ABSENT);
	}

	@Test
	void unknownDirectivesAreIgnored() {
		CacheControl cc = CacheControl.parse("community=\"UCI\", max-age=5, x-foo");
		assertThat(cc.maxAge()).isEqualTo(5);
		assertThat(cc.noStore()).isFalse();
	}

}
