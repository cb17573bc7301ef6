package dev.chatstore.signal;

import dev.chatstore.keyspace.Area;

/**
 * The kinds of record a device stores, each under a stable tag in its area: the first element
 * of every key. Tags are never reused or renumbered.
 *
 * <pre>
 * CREDENTIALS  (1)                                  local identity: registration id, key pair
 *              (2)                                  device state ({@link Device})
 * SIGNAL       (1, address)                         remote identity key, 32 bytes
 *              (2, address)                         session record
 *              (3, id)                              one-time pre-key: [uploaded flag][record]
 *              (4, id)                              signed pre-key record
 *              (5, id)                              Kyber pre-key record
 *              (6, id, signed-id, base-key)         Kyber pre-key use seen (empty)
 *              (7, address)                         sender key record
 * APP_STATE    (1, key-id)                          sync key
 *              (2, timestamp, key-id)               index of sync keys by time (empty)
 *              (3, name)                            hash state of a collection
 *              (4, name, index-mac)                 [version][value MAC]
 * PROTOCOL     (1, group, device)                   sender key held: [0|1]
 *              (2, lid)                             LID to phone-number mapping
 *              (3, phone, updated-at, lid)          index of mappings by phone number (empty)
 *              (4, address, message-id)             base key
 *              (5, jid)                             trusted-contact token
 *              (6, token-timestamp, jid)            index of tokens by time (empty)
 *              (7, chat, message-id)                sent message: [stored-at][payload]
 *              (8, stored-at, chat, message-id)     index of sent messages by time (empty)
 * DEVICE       (1, user)                            device list of a user
 * </pre>
 * Numbers are tuple integers (sorting numerically), strings tuple strings, byte ids tuple bytes.
 */
enum Rec {
  LOCAL_IDENTITY(Area.CREDENTIALS, 1),
  DEVICE(Area.CREDENTIALS, 2),
  IDENTITY(Area.SIGNAL, 1),
  SESSION(Area.SIGNAL, 2),
  PREKEY(Area.SIGNAL, 3),
  SIGNED_PREKEY(Area.SIGNAL, 4),
  KYBER_PREKEY(Area.SIGNAL, 5),
  KYBER_USED(Area.SIGNAL, 6),
  SENDER_KEY(Area.SIGNAL, 7),
  SYNC_KEY(Area.APP_STATE, 1),
  SYNC_KEY_BY_TIME(Area.APP_STATE, 2),
  VERSION(Area.APP_STATE, 3),
  MUTATION_MAC(Area.APP_STATE, 4),
  SENDER_KEY_DEVICE(Area.PROTOCOL, 1),
  LID(Area.PROTOCOL, 2),
  LID_BY_PHONE(Area.PROTOCOL, 3),
  BASE_KEY(Area.PROTOCOL, 4),
  TC_TOKEN(Area.PROTOCOL, 5),
  TC_TOKEN_BY_TIME(Area.PROTOCOL, 6),
  SENT_MESSAGE(Area.PROTOCOL, 7),
  SENT_MESSAGE_BY_TIME(Area.PROTOCOL, 8),
  DEVICE_LIST(Area.DEVICE, 1);

  /** The areas a device's data lives in (what a snapshot copies). */
  static final Area[] AREAS = {Area.CREDENTIALS, Area.SIGNAL, Area.APP_STATE, Area.PROTOCOL,
      Area.DEVICE};

  final Area area;
  final int tag;

  Rec(Area area, int tag) {
    this.area = area;
    this.tag = tag;
  }
}
