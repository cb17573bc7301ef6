package dev.chatstore.crypto;

/** Told of the progress of {@link EncryptingKvStore#rekey}, after each page of entries. */
@FunctionalInterface
public interface RekeyListener {
  /** Called from the rekeying thread after each page. */
  void progress(RekeyProgress progress);
}
