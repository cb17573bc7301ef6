package dev.chatstore.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UriParametersTest {
  private static final List<String> KNOWN = List.of("a", "b");

  @Test
  void parse_keepsOrderIgnoresEmptyPartsAndDecodesValues() {
    Map<String, String> p = UriParameters.parse("b=x%20y&&a=1&", KNOWN,
        v -> UriParameters.percentDecode(v, "value"));
    assertThat(p).containsExactly(Map.entry("b", "x y"), Map.entry("a", "1"));
    assertThat(UriParameters.parse("", KNOWN, v -> v)).isEmpty();
  }

  @Test
  void parse_refusesUnknownRepeatedAndValuelessParameters() {
    assertThatThrownBy(() -> UriParameters.parse("c=1", KNOWN, v -> v))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown parameter 'c'; known parameters are a, b");
    assertThatThrownBy(() -> UriParameters.parse("a=1&a=2", KNOWN, v -> v))
        .hasMessage("parameter 'a' is given more than once");
    assertThatThrownBy(() -> UriParameters.parse("a", KNOWN, v -> v))
        .hasMessage("parameter 'a' has no value; expected name=value");
  }

  @Test
  void intAndBooleanValues_nameTheParameterTheValueAndTheExpectation() {
    assertThat(UriParameters.intValue("n", " 7 ", 1, 9, "1 to 9")).isEqualTo(7);
    assertThatThrownBy(() -> UriParameters.intValue("n", "10", 1, 9, "1 to 9"))
        .hasMessage("parameter 'n' has the invalid value '10'; expected 1 to 9");
    assertThatThrownBy(() -> UriParameters.intValue("n", "x", 1, 9, "1 to 9"))
        .hasMessage("parameter 'n' has the invalid value 'x'; expected 1 to 9");
    assertThat(UriParameters.booleanValue("s", "TRUE", "true or false")).isTrue();
    assertThatThrownBy(() -> UriParameters.booleanValue("s", "yes", "true or false"))
        .hasMessage("parameter 's' has the invalid value 'yes'; expected true or false");
  }

  @Test
  void percentDecode_readsUtf8AndRefusesMalformedEscapes() {
    assertThat(UriParameters.percentDecode("s%40cr%3At+%C3%A9", "password"))
        .isEqualTo("s@cr:t+é");
    assertThatThrownBy(() -> UriParameters.percentDecode("ab%2", "password"))
        .hasMessageContaining("password holds a malformed percent escape at index 2");
    assertThatThrownBy(() -> UriParameters.percentDecode("%zz", "password"))
        .hasMessageContaining("malformed percent escape at index 0");
    assertThatThrownBy(() -> UriParameters.percentDecode("%C3", "password"))
        .hasMessageContaining("not valid UTF-8");
  }

  @Test
  void parsePathUri_acceptsThePathFormsAndSplitsTheQuery() {
    assertThat(UriParameters.parsePathUri("x:data?a=1", "x", "SYN"))
        .isEqualTo(new UriParameters.PathUri(Path.of("data"), "a=1"));
    assertThat(UriParameters.parsePathUri("X://rel/p", "x", "SYN").path())
        .isEqualTo(Path.of("rel/p"));
    assertThat(UriParameters.parsePathUri("x:///abs/p", "x", "SYN").path())
        .isEqualTo(Path.of("/abs/p"));
    assertThatThrownBy(() -> UriParameters.parsePathUri("x:?a=1", "x", "SYN"))
        .hasMessage("x URI 'x:?a=1' is invalid: path must not be empty; expected SYN");
    assertThatThrownBy(() -> UriParameters.parsePathUri("y:data", "x", "SYN"))
        .hasMessage("'y:data' is not a x URI; expected SYN");
  }

  @Test
  void hostPort_splitsAtThePortColon_andUnwrapsIpv6() {
    assertThat(UriParameters.hostPort("db.local:5433"))
        .isEqualTo(new UriParameters.HostPort("db.local", "5433", false));
    assertThat(UriParameters.hostPort("h")).isEqualTo(new UriParameters.HostPort("h", null, false));
    assertThat(UriParameters.hostPort("[::1]:7000"))
        .isEqualTo(new UriParameters.HostPort("::1", "7000", true));
    assertThat(UriParameters.hostPort("[fe80::1]"))
        .isEqualTo(new UriParameters.HostPort("fe80::1", null, true));
    assertThatThrownBy(() -> UriParameters.hostPort("[::1"))
        .hasMessage("IPv6 host '[::1' has no closing ']'");
    assertThatThrownBy(() -> UriParameters.hostPort("[::1]x"))
        .hasMessage("unexpected 'x' after the IPv6 host; expected :port");
  }
}
