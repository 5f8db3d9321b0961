package dev.edgegateway.edge;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class IpRangeTests {

	@ParameterizedTest(name = "{0} contains {1}: {2}")
	@CsvSource({
			"10.0.0.0/8, 10.255.1.2, true",
			"10.0.0.0/8, 11.0.0.1, false",
			"192.168.1.0/24, 192.168.1.77, true",
			"192.168.1.0/24, 192.168.2.1, false",
			"192.168.1.77, 192.168.1.77, true",
			"192.168.1.77/32, 192.168.1.78, false",
			"10.1.2.3/8, 10.9.9.9, true",
			"0.0.0.0/0, 203.0.113.9, true",
			"172.16.0.0/12, 172.31.255.255, true",
			"172.16.0.0/12, 172.32.0.0, false",
			"2001:db8::/32, 2001:db8:1234::1, true",
			"2001:db8::/32, 2001:db9::1, false",
			"2001:db8:abcd:12::/63, 2001:db8:abcd:13::1, true",
			"2001:db8:abcd:12::/63, 2001:db8:abcd:14::1, false",
			"::1, ::1, true",
			"::1/128, ::2, false",
			"::/0, fe80::1, true",
			"::/0, 10.0.0.1, false",
			"0.0.0.0/0, ::1, false",
			"[2001:db8::1], 2001:db8::1, true",
			"2001:DB8::/32, 2001:db8::42, true",
			"10.0.0.0/8, ::ffff:10.1.2.3, true",
			"::ffff:10.0.0.0/104, 10.1.2.3, true",
			"::ffff:10.0.0.0/104, 11.1.2.3, false",
			"fe80::/10, fe80::1%eth0, true" })
	void containsAddressesInTheBlock(String range, String address, boolean expected) {
		IpRange parsed = IpRange.parse(range);
		assertThat(parsed).as(range).isNotNull();
		assertThat(parsed.contains(IpAddresses.parse(address))).isEqualTo(expected);
	}

	@ParameterizedTest
	@ValueSource(strings = { "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/", "10.0.0.0/8/8", "256.0.0.1", "1.2.3",
			"1.2.3.4.5", "1..2.3", "01.2.3.x", "example.com", "localhost", "", " ", "2001:db8::/129", "2001:db8:::1",
			"2001:db8::g", "1:2:3:4:5:6:7:8:9", "::ffff:10.0.0.0/95", "10.0.0.0/ 8", "10.0.0.0/1a" })
	void rejectsWhatIsNotAnAddressOrBlock(String text) {
		assertThat(IpRange.parse(text)).as(text).isNull();
	}

	@Test
	void parsingNeverLooksUpNames() {
		assertThat(IpAddresses.parse("example.invalid")).isNull();
		assertThat(IpAddresses.parse("[example.invalid]")).isNull();
		assertThat(IpAddresses.parse(null)).isNull();
	}

	@Test
	void mappedAddressesBecomeIpv4() {
		assertThat(IpAddresses.parse("::ffff:192.0.2.1")).containsExactly(192, 0, 2, 1);
		assertThat(IpAddresses.parse("::ffff:c000:201")).containsExactly(192, 0, 2, 1);
	}

}
