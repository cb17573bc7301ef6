package dev.chatstore.crypto;

import dev.chatstore.ChatStore;

/** Encryption tasks on an open {@link ChatStore}. */
public final class Encryption {
  private Encryption() {}

  /**
   * The encrypting layer of {@code store}.
   *
   * @throws IllegalArgumentException when {@code store} was opened without encryption
   */
  public static EncryptingKvStore of(ChatStore store) {
    if (store.kv() instanceof EncryptingKvStore e) {
      return e;
    }
    throw new IllegalArgumentException(store + " was opened without encryption; open it with"
        + " ChatStore.open(uri, options, EncryptionConfig)");
  }

  /** {@link EncryptingKvStore#rekey} of {@code store}'s encrypting layer. */
  public static RekeyProgress rekey(ChatStore store, RekeyListener listener) {
    return of(store).rekey(listener);
  }
}
