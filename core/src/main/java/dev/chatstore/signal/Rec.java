package dev.chatstore.signal;

import dev.chatstore.keyspace.Area;

/**
 * The kinds of record a device stores, each under a stable tag in its area: the first element
 * of every key. Tags are never reused or renumbered. The key layout is drawn in the
 * documentation of {@link Devices}.
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
