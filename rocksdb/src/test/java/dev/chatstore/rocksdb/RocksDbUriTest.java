package dev.chatstore.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatstore.ChatStore;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.KvStoreProvider;
import dev.chatstore.kv.StoreOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code rocksdb:} URI grammar and its parameters: defaults, every parameter, the accepted
 * spellings of a path, and errors that name the bad part and what is expected; the provider is
 * found by {@link ServiceLoader} and {@link ChatStore#open(String)}.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class RocksDbUriTest {
  @TempDir
  Path dir;

  @Test
  void parse_plainPath_givesTheDirectoryAndDefaults() {
    RocksDbUri uri = RocksDbUri.parse("rocksdb:data/chats");
    assertThat(uri.directory()).isEqualTo(Path.of("data/chats"));
    assertThat(uri.options()).isEqualTo(RocksDbOptions.defaults());
    assertThat(uri.uri()).isEqualTo("rocksdb:data/chats");
  }

  @Test
  void defaults_areDocumentedValues() {
    RocksDbOptions d = RocksDbOptions.defaults();
    assertThat(d.sync()).isFalse();
    assertThat(d.blockCacheMb()).isEqualTo(64);
    assertThat(d.writeBufferMb()).isEqualTo(64);
    assertThat(d.bloomBitsPerKey()).isEqualTo(10);
    assertThat(d.compression()).isEqualTo(RocksDbOptions.Compression.ZSTD);
    assertThat(d.backgroundJobs()).isEqualTo(2);
    assertThat(d.toQuery()).isEmpty();
  }

  @Test
  void parse_slashSlashForms_areRelativeAndAbsolute() {
    assertThat(RocksDbUri.parse("rocksdb://path/to/db").directory())
        .isEqualTo(Path.of("path/to/db"));
    assertThat(RocksDbUri.parse("rocksdb:///srv/chat/db").directory())
        .isEqualTo(Path.of("/srv/chat/db"));
    assertThat(RocksDbUri.parse("rocksdb:/var/lib/bot").directory())
        .isEqualTo(Path.of("/var/lib/bot"));
  }

  @Test
  void parse_schemeIgnoresCase_andPathKeepsSpaces() {
    assertThat(RocksDbUri.parse("RocksDB:my data").directory()).isEqualTo(Path.of("my data"));
  }

  @Test
  void parse_everyParameter_isRead() {
    RocksDbUri uri = RocksDbUri.parse("rocksdb:d?sync=TRUE&blockCacheMb=512&writeBufferMb=32"
        + "&bloomBitsPerKey=0&compression=LZ4&backgroundJobs=4");
    assertThat(uri.options()).isEqualTo(new RocksDbOptions(true, 512, 32, 0,
        RocksDbOptions.Compression.LZ4, 4));
  }

  @Test
  void toQuery_roundTripsThroughParse() {
    RocksDbOptions o = RocksDbOptions.defaults().withSync(true).withBlockCacheMb(0)
        .withCompression(RocksDbOptions.Compression.NONE).withBackgroundJobs(8);
    assertThat(o.toQuery())
        .isEqualTo("sync=true&blockCacheMb=0&compression=none&backgroundJobs=8");
    assertThat(RocksDbUri.parse("rocksdb:x?" + o.toQuery()).options()).isEqualTo(o);
  }

  @Test
  void parse_emptyParameters_areIgnored() {
    assertThat(RocksDbUri.parse("rocksdb:d?&sync=true&").options().sync()).isTrue();
    assertThat(RocksDbUri.parse("rocksdb:d?").options()).isEqualTo(RocksDbOptions.defaults());
  }

  @Test
  void parse_emptyPath_isRefused() {
    assertThatThrownBy(() -> RocksDbUri.parse("rocksdb:"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("path must not be empty").hasMessageContaining("'rocksdb:'");
    assertThatThrownBy(() -> RocksDbUri.parse("rocksdb:?sync=true"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("path must not be empty");
    assertThatThrownBy(() -> RocksDbUri.parse("rocksdb://"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("path must not be empty");
  }

  @Test
  void parse_otherScheme_orNull_isRefused() {
    assertThatThrownBy(() -> RocksDbUri.parse("sqlite:data"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'sqlite:data' is not a rocksdb URI")
        .hasMessageContaining(RocksDbUri.SYNTAX);
    assertThatThrownBy(() -> RocksDbUri.parse(null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be null");
  }

  @Test
  void parse_unknownParameter_isRefused_listingTheKnownOnes() {
    assertThatThrownBy(() -> RocksDbUri.parse("rocksdb:d?synchronous=FULL"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown parameter 'synchronous'")
        .hasMessageContaining(String.join(", ", RocksDbOptions.PARAMETERS));
  }

  @Test
  void parse_parameterTwice_orWithoutValue_isRefused() {
    assertThatThrownBy(() -> RocksDbUri.parse("rocksdb:d?sync=true&sync=false"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parameter 'sync' is given more than once");
    assertThatThrownBy(() -> RocksDbUri.parse("rocksdb:d?sync"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parameter 'sync' has no value; expected name=value");
  }

  @Test
  void parse_badValues_nameTheParameterTheValueAndWhatIsExpected() {
    assertBad("sync=yes", "parameter 'sync' has the invalid value 'yes'; expected true or false");
    assertBad("blockCacheMb=-1", "parameter 'blockCacheMb' has the invalid value '-1'; expected"
        + " an integer from 0 to 1048576");
    assertBad("blockCacheMb=lots", "'blockCacheMb' has the invalid value 'lots'");
    assertBad("writeBufferMb=0", "parameter 'writeBufferMb' has the invalid value '0'; expected"
        + " an integer from 1 to 4096");
    assertBad("bloomBitsPerKey=65", "'bloomBitsPerKey' has the invalid value '65'; expected an"
        + " integer from 0 to 64");
    assertBad("compression=snappy", "parameter 'compression' has the invalid value 'snappy';"
        + " expected zstd, lz4 or none");
    assertBad("backgroundJobs=0", "'backgroundJobs' has the invalid value '0'; expected an"
        + " integer from 1 to 64");
    assertBad("backgroundJobs=99999999999", "'backgroundJobs' has the invalid value"
        + " '99999999999'");
  }

  private static void assertBad(String query, String message) {
    String uri = "rocksdb:d?" + query;
    assertThatThrownBy(() -> RocksDbUri.parse(uri))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rocksdb URI '" + uri + "' is invalid")
        .hasMessageContaining(message);
  }

  @Test
  void options_constructor_refusesOutOfRangeValues_namingThem() {
    assertThatThrownBy(() -> RocksDbOptions.defaults().withWriteBufferMb(5000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'writeBufferMb' has the invalid value '5000'");
    assertThatThrownBy(() -> RocksDbOptions.defaults().withCompression(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'compression' has the invalid value 'null'");
  }

  @Test
  void canonical_isTheAbsoluteNormalizedPath() {
    assertThat(RocksDbUri.canonical(Path.of("/a/b/../c"))).isEqualTo("rocksdb:/a/c");
  }

  @Test
  void provider_isFoundByServiceLoader_andOpensTheUri() {
    KvStoreProvider found = null;
    for (KvStoreProvider p : ServiceLoader.load(KvStoreProvider.class)) {
      if (p.scheme().equals("rocksdb")) {
        found = p;
      }
    }
    assertThat(found).as("a provider for the scheme rocksdb").isNotNull()
        .isInstanceOf(RocksDbKvStoreProvider.class);
    assertThat(found.uriSyntax()).isEqualTo(RocksDbUri.SYNTAX);
    Path db = dir.resolve("via provider");
    try (KvStore store = found.open("rocksdb:" + db + "?compression=lz4",
        StoreOptions.defaults())) {
      assertThat(store).isInstanceOf(RocksDbKvStore.class);
      assertThat(((RocksDbKvStore) store).rocksDbOptions().compression())
          .isEqualTo(RocksDbOptions.Compression.LZ4);
      assertThat(store.name()).isEqualTo("rocksdb:" + db.toAbsolutePath().normalize());
      store.put(b("k"), b("v"));
      assertThat(store.get(b("k"))).isEqualTo(b("v"));
    }
  }

  @Test
  void provider_badUri_isRefusedBeforeAnythingIsCreated() {
    Path db = dir.resolve("never");
    assertThatThrownBy(() -> new RocksDbKvStoreProvider().open("rocksdb:" + db + "?sync=maybe",
        StoreOptions.defaults())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'sync' has the invalid value 'maybe'");
    assertThat(db).doesNotExist();
  }

  @Test
  void chatStoreOpen_withRocksdbUri_usesThisBackend() {
    Path db = dir.resolve("chatstore");
    try (ChatStore store = ChatStore.open("rocksdb:" + db)) {
      assertThat(store).isNotNull();
    }
    assertThat(db.resolve("CURRENT")).exists();
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
