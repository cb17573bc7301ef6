package dev.chatstore.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatstore.ChatStore;
import dev.chatstore.kv.KvStoreProvider;
import dev.chatstore.kv.StoreOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code redis://} and {@code redis-cluster://} grammar, its defaults and its errors. */
class RedisUriTest {

  @Test
  void hostAlone_takesEveryDefault() {
    RedisUri u = RedisUri.parse("redis://localhost");
    assertThat(u.cluster()).isFalse();
    assertThat(u.nodes()).containsExactly(new RedisNode("localhost", RedisUri.DEFAULT_PORT));
    assertThat(u.database()).isEqualTo(RedisUri.DEFAULT_DATABASE);
    assertThat(u.user()).isNull();
    assertThat(u.password()).isNull();
    assertThat(u.options()).isEqualTo(RedisOptions.defaults());
    assertThat(u.options().prefix()).isEqualTo(RedisOptions.DEFAULT_PREFIX);
    assertThat(u.options().timeoutMs()).isEqualTo(RedisOptions.DEFAULT_TIMEOUT_MS);
  }

  @Test
  void everyPart_isRead() {
    RedisUri u = RedisUri.parse("REDIS://app:s%40cr%3At@10.0.0.5:6380/2?prefix=bot1&timeoutMs=3000"
        + "&connectTimeoutMs=500&retryBackoffMs=5&expiryGraceMs=0&");
    assertThat(u.user()).isEqualTo("app");
    assertThat(u.password()).as("percent-decoded").isEqualTo("s@cr:t");
    assertThat(u.nodes()).containsExactly(new RedisNode("10.0.0.5", 6380));
    assertThat(u.database()).isEqualTo(2);
    assertThat(u.options()).isEqualTo(new RedisOptions("bot1", 3000, 500, 5, 0));
  }

  @Test
  void passwordWithoutUser_andIpv6Host() {
    RedisUri u = RedisUri.parse("redis://:secret@[::1]:7000/");
    assertThat(u.user()).isNull();
    assertThat(u.password()).isEqualTo("secret");
    assertThat(u.nodes()).containsExactly(new RedisNode("::1", 7000));
    assertThat(u.database()).isZero();
    assertThat(u.toString()).isEqualTo("redis://:***@[::1]:7000/0");
  }

  @Test
  void clusterUri_listsItsSeedNodes() {
    RedisUri u =
        RedisUri.parse("redis-cluster://10.0.0.1:7000,10.0.0.2,[fe80::1]:7002?prefix=chat");
    assertThat(u.cluster()).isTrue();
    assertThat(u.scheme()).isEqualTo(RedisUri.CLUSTER_SCHEME);
    assertThat(u.nodes()).containsExactly(new RedisNode("10.0.0.1", 7000),
        new RedisNode("10.0.0.2", 6379), new RedisNode("fe80::1", 7002));
    assertThat(u.options().prefix()).isEqualTo("chat");
    assertThat(u.toString())
        .isEqualTo("redis-cluster://10.0.0.1:7000,10.0.0.2:6379,[fe80::1]:7002?prefix=chat");
  }

  @Test
  void toString_neverShowsThePassword_andParsesBack() {
    RedisUri u = RedisUri.parse("redis://ops:hunter2@h:1/3?prefix=p");
    assertThat(u.toString()).doesNotContain("hunter2").isEqualTo("redis://ops:***@h:1/3?prefix=p");
    RedisUri plain = RedisUri.parse("redis://h:1/3?timeoutMs=99");
    assertThat(RedisUri.parse(plain.toString())).isEqualTo(plain);
  }

  @Test
  void errors_nameTheBadPart_andHideThePassword() {
    assertInvalid("redis://", "host must not be empty");
    assertInvalid("redis://:pw@", "host must not be empty");
    assertInvalid("redis://:6379", "host must not be empty");
    assertInvalid("redis-cluster://h1:1,,h3:3", "host must not be empty");
    assertInvalid("redis://h:0", "port 0 is out of range");
    assertInvalid("redis://h:70000", "port 70000 is out of range");
    assertInvalid("redis://h:abc", "port 'abc' of host h is not a number");
    assertInvalid("redis://h/x", "database 'x' is not a number");
    assertInvalid("redis://h/99999999999", "database '99999999999' is out of range");
    assertInvalid("redis-cluster://h:1/0", "a Redis Cluster has only database 0");
    assertInvalid("redis://h1:1,h2:2", "exactly one server");
    assertInvalid("redis://[::1:7000", "no closing ']'");
    assertInvalid("redis://h:1:2", "write an IPv6 address in brackets");
    assertInvalid("redis://secretonly@h", "has no ':password'");
    assertInvalid("redis://:p%zz@h", "malformed percent escape");
    assertInvalid("redis://h?prefix=", "prefix must not be empty");
    assertInvalid("redis://h?prefix=a{b}", "parameter 'prefix' has the invalid value 'a{b}'");
    assertInvalid("redis://h?prefix=a*", "parameter 'prefix' has the invalid value 'a*'");
    assertInvalid("redis://h?timeoutMs=5", "parameter 'timeoutMs' has the invalid value '5'");
    assertInvalid("redis://h?timeoutMs=soon", "parameter 'timeoutMs' has the invalid value");
    assertInvalid("redis://h?retryBackoffMs=0", "parameter 'retryBackoffMs'");
    assertInvalid("redis://h?expiryGraceMs=-1", "parameter 'expiryGraceMs'");
    assertInvalid("redis://h?colour=red", "unknown parameter 'colour'");
    assertInvalid("redis://h?prefix=a&prefix=b", "parameter 'prefix' is given more than once");
    assertInvalid("redis://h?prefix", "parameter 'prefix' has no value");
    assertInvalid("rediss://h", "is not a redis URI");
    assertThatThrownBy(() -> RedisUri.parse("redis://u:topsecret@h?colour=red"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown parameter 'colour'")
        .hasMessageContaining("known parameters are prefix, timeoutMs")
        .hasMessageNotContaining("topsecret");
  }

  private static void assertInvalid(String uri, String mention) {
    assertThatThrownBy(() -> RedisUri.parse(uri))
        .as(uri)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(mention)
        .hasMessageContaining("expected");
  }

  @Test
  void options_refuseOutOfRangeValues_namingThem() {
    assertThatThrownBy(() -> RedisOptions.defaults().withTimeoutMs(RedisOptions.MAX_TIMEOUT_MS + 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeoutMs").hasMessageContaining("600001");
    assertThatThrownBy(() -> RedisOptions.defaults().withPrefix("x".repeat(65)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefix");
    assertThat(RedisOptions.defaults().toQuery()).isEmpty();
    assertThat(RedisOptions.defaults().withPrefix("a").withTimeoutMs(20).toQuery())
        .isEqualTo("prefix=a&timeoutMs=20");
  }

  @Test
  void providers_areRegistered_forBothSchemes_andRefuseTheOtherScheme() {
    KvStoreProvider redis = ChatStore.provider("redis://h");
    KvStoreProvider cluster = ChatStore.provider("redis-cluster://h");
    assertThat(redis).isInstanceOf(RedisKvStoreProvider.class);
    assertThat(cluster).isInstanceOf(RedisClusterKvStoreProvider.class);
    assertThat(List.of(redis.uriSyntax(), cluster.uriSyntax()))
        .containsExactly(RedisUri.SYNTAX, RedisUri.CLUSTER_SYNTAX);
    assertThatThrownBy(() -> redis.open("redis-cluster://h:1", StoreOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("redis-cluster URI");
    assertThatThrownBy(() -> cluster.open("redis://h:1", StoreOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is a redis URI");
  }
}
