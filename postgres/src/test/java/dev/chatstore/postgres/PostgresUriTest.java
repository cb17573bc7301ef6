package dev.chatstore.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatstore.ChatStore;
import dev.chatstore.kv.KvStoreProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parsing of {@code postgresql://} URIs: components, defaults, parameters, and clear errors. */
class PostgresUriTest {

  @Test
  void parse_fullUri_readsEveryComponent() {
    PostgresUri u = PostgresUri.parse("postgresql://bot:s3cret@db.internal:6432/chat"
        + "?table=bot_kv&poolSize=16&connectTimeoutMs=1500&socketTimeoutMs=0"
        + "&retryTimeoutMs=2500&retryBackoffMs=20&sslmode=require");
    assertThat(u.user()).isEqualTo("bot");
    assertThat(u.password()).isEqualTo("s3cret");
    assertThat(u.host()).isEqualTo("db.internal");
    assertThat(u.port()).isEqualTo(6432);
    assertThat(u.database()).isEqualTo("chat");
    assertThat(u.options()).isEqualTo(new PostgresOptions("bot_kv", 16, 1500, 0, 2500, 20,
        "require"));
    assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6432/chat");
  }

  @Test
  void parse_minimalUri_usesTheDocumentedDefaults() {
    PostgresUri u = PostgresUri.parse("postgresql://localhost/chat");
    assertThat(u.user()).isNull();
    assertThat(u.password()).isNull();
    assertThat(u.port()).isEqualTo(PostgresUri.DEFAULT_PORT).isEqualTo(5432);
    PostgresOptions o = u.options();
    assertThat(o).isEqualTo(PostgresOptions.defaults());
    assertThat(o.table()).isEqualTo("chatstore_kv");
    assertThat(o.poolSize()).isEqualTo(8);
    assertThat(o.connectTimeoutMs()).isEqualTo(3_000);
    assertThat(o.socketTimeoutMs()).isEqualTo(60_000);
    assertThat(o.retryTimeoutMs()).isEqualTo(10_000);
    assertThat(o.retryBackoffMs()).isEqualTo(100);
    assertThat(o.sslMode()).isEqualTo("prefer");
    assertThat(o.failureTimeoutMs()).isEqualTo(13_000);
    assertThat(o.toQuery()).isEmpty();
  }

  @Test
  void parse_aliasSchemeAndAnyCase_areAccepted() {
    assertThat(PostgresUri.parse("postgres://u@h/d").host()).isEqualTo("h");
    assertThat(PostgresUri.parse("PostgreSQL://u@h/d").database()).isEqualTo("d");
  }

  @Test
  void parse_percentEncodedUserPasswordAndDatabase_areDecoded() {
    PostgresUri u = PostgresUri.parse("postgresql://us%40er:p%40ss%3Aw%2Fo%3Frd+x@h/my%20db");
    assertThat(u.user()).isEqualTo("us@er");
    assertThat(u.password()).isEqualTo("p@ss:w/o?rd+x");
    assertThat(u.database()).isEqualTo("my db");
    assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/my%20db");
  }

  @Test
  void parse_ipv6Host_inBrackets() {
    PostgresUri u = PostgresUri.parse("postgresql://app@[::1]:5433/chat");
    assertThat(u.host()).isEqualTo("::1");
    assertThat(u.port()).isEqualTo(5433);
    assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5433/chat");
  }

  @Test
  void toStringAndErrors_neverShowThePassword() {
    PostgresUri u = PostgresUri.parse("postgresql://bot:topsecret@h/d");
    assertThat(u.toString()).doesNotContain("topsecret").contains("***");
    assertThat(u.displayName()).isEqualTo("postgresql://bot@h:5432/d?table=chatstore_kv");
    assertThatThrownBy(() -> PostgresUri.parse("postgresql://bot:topsecret@h/d?poolSize=0"))
        .isInstanceOf(IllegalArgumentException.class)
        .message().doesNotContain("topsecret").contains("bot:***@h");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "postgresql:///chat                 | host must not be empty",
      "postgresql://user@/chat            | host must not be empty",
      "postgresql://user@:5432/chat       | host must not be empty",
      "postgresql://localhost             | database must not be empty",
      "postgresql://localhost/            | database must not be empty",
      "postgresql://localhost/?table=x    | database must not be empty",
      "postgresql://h:0/d                 | port '0' is out of range; expected an integer from 1 to 65535",
      "postgresql://h:65536/d             | port '65536' is out of range",
      "postgresql://h:abc/d               | port 'abc' is not a number",
      "postgresql://:pw@h/d               | user must not be empty",
      "postgresql://[::1/d                | has no closing ']'",
      "postgresql://h/d%zz                | malformed percent escape",
      "postgresql://h/d?tabel=x           | unknown parameter 'tabel'; known parameters are table, poolSize",
      "postgresql://h/d?table             | parameter 'table' has no value",
      "postgresql://h/d?table=a&table=b   | parameter 'table' is given more than once",
      "postgresql://h/d?table=Bad-Name    | parameter 'table' has the invalid value 'Bad-Name'; expected a lower-case SQL identifier",
      "postgresql://h/d?poolSize=0        | parameter 'poolSize' has the invalid value '0'; expected an integer from 1 to 1000",
      "postgresql://h/d?poolSize=many     | parameter 'poolSize' has the invalid value 'many'",
      "postgresql://h/d?connectTimeoutMs=10 | parameter 'connectTimeoutMs' has the invalid value '10'; expected an integer from 250",
      "postgresql://h/d?retryTimeoutMs=-1 | parameter 'retryTimeoutMs' has the invalid value '-1'",
      "postgresql://h/d?retryBackoffMs=0  | parameter 'retryBackoffMs' has the invalid value '0'",
      "postgresql://h/d?sslmode=always    | parameter 'sslmode' has the invalid value 'always'; expected one of disable",
      "mysql://h/d                        | is not a postgresql URI; expected postgresql://",
      "postgresql:h/d                     | is not a postgresql URI",
  })
  void parse_badUri_namesTheBadPartAndWhatWasExpected(String uri, String message) {
    assertThatThrownBy(() -> PostgresUri.parse(uri))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message)
        .hasMessageContaining("'" + PostgresUri.hidePassword(uri) + "'");
  }

  @Test
  void parse_emptyParametersAndTrailingAmpersand_areIgnored() {
    assertThat(PostgresUri.parse("postgresql://h/d?&table=t1&&").options().table())
        .isEqualTo("t1");
  }

  @Test
  void options_tooLongTableName_isRefusedNamingTheLimit() {
    String longName = "t".repeat(PostgresOptions.MAX_TABLE_LENGTH + 1);
    assertThatThrownBy(() -> PostgresOptions.defaults().withTable(longName))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 to " + PostgresOptions.MAX_TABLE_LENGTH + " characters");
  }

  @Test
  void options_toQuery_roundTripsThroughParse() {
    PostgresOptions o = PostgresOptions.defaults().withTable("x_kv").withPoolSize(3)
        .withRetryTimeoutMs(0).withSslMode("DISABLE");
    assertThat(o.sslMode()).isEqualTo("disable");
    assertThat(PostgresUri.parse("postgresql://h/d?" + o.toQuery()).options()).isEqualTo(o);
  }

  @Test
  void providers_areFoundByServiceLoader_forBothSchemes() {
    KvStoreProvider main = ChatStore.provider("postgresql://h/d");
    KvStoreProvider alias = ChatStore.provider("postgres://h/d");
    assertThat(main).isInstanceOf(PostgresKvStoreProvider.class);
    assertThat(main.scheme()).isEqualTo("postgresql");
    assertThat(alias.scheme()).isEqualTo("postgres");
    assertThat(main.uriSyntax()).startsWith("postgresql://[user[:password]@]host[:port]/database");
  }
}
