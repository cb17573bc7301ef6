package dev.chatstore.chat;

/** The record kinds the chat database keeps a Merkle tree for; tags never change. */
public enum SyncDomain {
  /** Messages, by message id. */
  MESSAGES(1),
  /** Membership records, by record id. */
  MEMBERS(2),
  /** Identity blobs, by record id. */
  IDENTITY(3);

  private final int tag;

  SyncDomain(int tag) {
    this.tag = tag;
  }

  /** The stable tag in keys. */
  int tag() {
    return tag;
  }
}
