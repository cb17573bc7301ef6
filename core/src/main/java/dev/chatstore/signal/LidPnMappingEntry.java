package dev.chatstore.signal;

/**
 * A mapping between a LID (the locally indexed identity of a user) and a phone number
 * (specification 001).
 *
 * @param lid the user part of the LID (not empty)
 * @param phoneNumber the user part of the phone-number JID (not empty)
 * @param createdAt when the mapping was first learned (unix seconds)
 * @param updatedAt when it was last confirmed (unix seconds)
 * @param learningSource where it was learned, such as {@code "usync"} or
 *     {@code "peer_pn_message"}
 */
public record LidPnMappingEntry(String lid, String phoneNumber, long createdAt, long updatedAt,
    String learningSource) {
  public LidPnMappingEntry {
    Checks.notEmpty(lid, "lid");
    Checks.notEmpty(phoneNumber, "phoneNumber");
    Checks.notNull(learningSource, "learningSource");
  }

  /** This entry with {@code createdAt} replaced. */
  public LidPnMappingEntry withCreatedAt(long created) {
    return new LidPnMappingEntry(lid, phoneNumber, created, updatedAt, learningSource);
  }
}
