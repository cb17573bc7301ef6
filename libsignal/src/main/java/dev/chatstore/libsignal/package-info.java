// SPDX-License-Identifier: AGPL-3.0-only
/**
 * libsignal-client's protocol stores on chatstore: {@link
 * dev.chatstore.libsignal.ChatstoreSignalProtocolStore} implements {@code
 * org.signal.libsignal.protocol.state.SignalProtocolStore} over one device's {@link
 * dev.chatstore.signal.SignalStore}, so sessions, pre-keys, Kyber pre-keys, identities and
 * sender keys live in any chatstore backend.
 *
 * <p>This package (the {@code chatstore-libsignal} module) is licensed under the GNU Affero
 * General Public License v3.0 only, because libsignal-client is; the rest of chatstore keeps its
 * own licence.
 */
package dev.chatstore.libsignal;
