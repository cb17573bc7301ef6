package dev.chatstore.signal;

/**
 * A change of a user's identity, detected by {@link ProtocolStore#updateDeviceList} when the
 * ADV raw id of the user's device list changed (the user reinstalled, for example). See that
 * method for what the caller must do.
 *
 * @param user the user whose identity changed
 * @param previousRawId the raw id stored before
 * @param newRawId the raw id now stored
 */
public record IdentityChange(String user, int previousRawId, int newRawId) {}
