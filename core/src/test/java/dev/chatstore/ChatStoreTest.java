package dev.chatstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatstore.keyspace.Area;
import dev.chatstore.keyspace.Features;
import dev.chatstore.kv.KvStore;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Opening stores by URI through ServiceLoader. */
class ChatStoreTest {

  @Test
  void memoryUri_opensAWorkingStore() {
    try (ChatStore store = ChatStore.open("memory:")) {
      KvStore creds = store.tenant("alice").area(Area.CREDENTIALS);
      creds.put("k".getBytes(StandardCharsets.UTF_8), new byte[0]);
      assertThat(creds.get("k".getBytes(StandardCharsets.UTF_8))).isEmpty();
      assertThat(store.tenants()).containsExactly("alice");
      assertThat(store.kv().features()).containsAll(Features.FILLABLE);
    }
  }

  @Test
  void unknownScheme_isAnErrorListingTheKnownSchemes() {
    assertThatThrownBy(() -> ChatStore.open("mongodb://localhost/x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown store URI scheme 'mongodb'")
        .hasMessageContaining("memory");
  }

  @Test
  void knownButAbsentBackend_namesTheModuleToAdd() {
    assertThatThrownBy(() -> ChatStore.open("rocksdb:/tmp/x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("chatstore-rocksdb");
  }

  @Test
  void uriWithoutScheme_isRefused() {
    assertThatThrownBy(() -> ChatStore.open("./data")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no scheme");
    assertThatThrownBy(() -> ChatStore.open(" ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be empty");
  }

  @Test
  void memoryUriWithDetails_isRefused() {
    assertThatThrownBy(() -> ChatStore.open("memory:foo"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("memory:foo");
  }
}
