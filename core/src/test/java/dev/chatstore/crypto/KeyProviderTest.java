package dev.chatstore.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key file and environment formats, their errors, and reloading a rotated key file. */
class KeyProviderTest {
  private static final String K1 = Base64.getEncoder().encodeToString(EncryptingKvStoreTest.K1);
  private static final String K2 = Base64.getEncoder().encodeToString(EncryptingKvStoreTest.K2);

  @Test
  void keyFile_namesItsCurrentKey_orTheFirstIsCurrent(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("keys");
    Files.writeString(f, "# keys\n\nk1=" + K1 + "\n");
    KeyFileProvider p = KeyProvider.fromFile(f);
    assertThat(p.currentKeyId()).isEqualTo("k1");
    assertThat(p.key("k1")).isPresent();
    assertThat(p.key("k2")).isEmpty();

    Files.writeString(f, "current=k2\nk1=" + K1 + "\nk2=" + K2 + "\n");
    assertThat(p.currentKeyId()).as("before reload").isEqualTo("k1");
    p.reload();
    assertThat(p.currentKeyId()).isEqualTo("k2");
    assertThat(p.key("k1").orElseThrow().getEncoded()).isEqualTo(EncryptingKvStoreTest.K1);
  }

  @Test
  void environment_commaSeparated_firstIsCurrent() {
    KeyProvider p = KeyProvider.fromEnvironment("KEYS", Map.of("KEYS", "k2=" + K2 + ",k1=" + K1));
    assertThat(p.currentKeyId()).isEqualTo("k2");
    assertThat(p.key("k1")).isPresent();
    assertThatThrownBy(() -> KeyProvider.fromEnvironment("NOPE", Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NOPE is not set");
  }

  @Test
  void malformedKeys_areRefused_namingTheEntry_neverTheKey(@TempDir Path dir) throws Exception {
    String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
    assertThatThrownBy(() -> KeyRing.parse("a=" + shortKey, "test"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16 bytes")
        .hasMessageContaining("expected 32").hasMessageNotContaining(shortKey);
    assertThatThrownBy(() -> KeyRing.parse("a=" + K1 + "\nb=!!notbase64", "test"))
        .hasMessageContaining("entry 2").hasMessageContaining("base64");
    assertThatThrownBy(() -> KeyRing.parse("bad id=" + K1, "test")).hasMessageContaining("'bad id'");
    assertThatThrownBy(() -> KeyRing.parse("a=" + K1 + ",a=" + K2, "test"))
        .hasMessageContaining("twice").hasMessageNotContaining(K2);
    assertThatThrownBy(() -> KeyRing.parse("current=zz,a=" + K1, "test"))
        .hasMessageContaining("'zz'");
    assertThatThrownBy(() -> KeyRing.parse("# nothing", "test")).hasMessageContaining("no key");
    assertThatThrownBy(() -> KeyRing.parse("justtext", "test")).hasMessageContaining("entry 1");
    assertThatThrownBy(() -> KeyProvider.fromFile(dir.resolve("missing")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing");
    assertThatThrownBy(() -> KeyProvider.of("x".repeat(33), Map.of("x".repeat(33), new byte[32])))
        .hasMessageContaining("1 to 32");
  }

  @Test
  void config_refusesAProviderWithoutItsCurrentKey_andEmptyAreas() {
    KeyProvider broken = new KeyProvider() {
      @Override
      public String currentKeyId() {
        return "gone";
      }

      @Override
      public java.util.Optional<javax.crypto.SecretKey> key(String keyId) {
        return java.util.Optional.empty();
      }
    };
    assertThatThrownBy(() -> EncryptionConfig.of(broken)).isInstanceOf(
        IllegalArgumentException.class).hasMessageContaining("'gone'");
    assertThatThrownBy(() -> new EncryptionConfig(KeyProvider.of("a", Map.of("a", new byte[32])),
        java.util.Set.of())).hasMessageContaining("must not be empty");
  }
}
