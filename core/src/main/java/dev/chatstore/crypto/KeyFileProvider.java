package dev.chatstore.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;
import javax.crypto.SecretKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link KeyProvider} reading a key file (format: {@link KeyProvider}). The file is read when
 * the provider is made and again on each {@link #reload()}, which is how a running store picks
 * up a rotated key. Thread-safe.
 */
public final class KeyFileProvider implements KeyProvider {
  private static final Logger LOG = LoggerFactory.getLogger(KeyFileProvider.class);

  private final Path file;
  private volatile KeyRing ring;

  KeyFileProvider(Path file) {
    if (file == null) {
      throw new IllegalArgumentException("key file must not be null");
    }
    this.file = file;
    this.ring = read();
  }

  /**
   * Reads the file again; new writes use its current key from now on. When the file is
   * unreadable or malformed, the keys read before stay in use.
   *
   * @throws IllegalArgumentException naming the file and the problem
   */
  public void reload() {
    ring = read();
  }

  /** The key file. */
  public Path file() {
    return file;
  }

  private KeyRing read() {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read key file " + file + ": " + e, e);
    }
    warnWhenShared();
    return KeyRing.parse(text, "key file " + file);
  }

  private void warnWhenShared() {
    try {
      Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
      if (p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)) {
        LOG.warn("key file {} can be read by other users; restrict it (chmod 600)", file);
      }
    } catch (UnsupportedOperationException | IOException e) {
      LOG.debug("cannot check the permissions of key file {}", file, e);
    }
  }

  @Override
  public String currentKeyId() {
    return ring.currentKeyId();
  }

  @Override
  public Optional<SecretKey> key(String keyId) {
    return ring.key(keyId);
  }

  @Override
  public String toString() {
    return "key file " + file + " (" + ring + ")";
  }
}
