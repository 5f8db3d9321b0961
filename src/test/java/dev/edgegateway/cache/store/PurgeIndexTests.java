package dev.edgegateway.cache.store;

import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PurgeIndexTests {

	private final PurgeIndex index = new PurgeIndex();

	@Test
	void prefixesMatchWholeSegmentsWhateverTheSchemeAndQuery() {
		this.index.add("https://www.example.com/assets/app.css", Set.of());
		this.index.add("http://www.example.com/assets/app.css?v=2", Set.of());
		this.index.add("https://www.example.com/assets", Set.of());
		this.index.add("https://www.example.com/assetsx/a.css", Set.of());
		this.index.add("https://cdn.example.com/assets/a.css", Set.of());
		assertThat(this.index.keysWithPrefix("www.example.com/assets")).containsExactlyInAnyOrder(
				"https://www.example.com/assets/app.css", "http://www.example.com/assets/app.css?v=2",
				"https://www.example.com/assets");
		assertThat(this.index.keysWithPrefix("WWW.example.com/assets/")).hasSize(2);
		assertThat(this.index.keysOfHost("cdn.example.com")).containsExactly("https://cdn.example.com/assets/a.css");
	}

	@Test
	void tagsAndVariantsAreFoundAndForgotten() {
		this.index.add("https://h/a.css", Set.of("blue"));
		this.index.add("https://h/a.css|vab12|accept-encoding=gzip", Set.of("blue"));
		this.index.add("https://h/a.cssx", Set.of("red"));
		assertThat(this.index.keysWithTag("BLUE")).hasSize(2);
		assertThat(this.index.keyAndVariants("https://h/a.css")).containsExactlyInAnyOrder("https://h/a.css",
				"https://h/a.css|vab12|accept-encoding=gzip");
		this.index.remove("https://h/a.css", Set.of("blue"), null);
		assertThat(this.index.keysWithTag("blue")).containsExactly("https://h/a.css|vab12|accept-encoding=gzip");
		this.index.remove("https://h/a.cssx", Set.of("red"), Set.of("red"));
		assertThat(this.index.keysWithTag("red")).containsExactly("https://h/a.cssx");
		assertThat(this.index.size()).isEqualTo(2);
	}

}
