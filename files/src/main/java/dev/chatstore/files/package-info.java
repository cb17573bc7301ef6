/**
 * The specification's FileEngine ({@link dev.chatstore.files.FileEngine}): the path-key
 * document {@link dev.chatstore.engine.Engine} kept as one file per key, in the on-disk layout
 * of the original Node.js FileEngine, so that either can open the other's folders.
 *
 * <pre>
 * {base}/                              e.g. .baileys/
 * ├── {session}/                       the session folder: one file per key, nothing else
 * │   ├── session/creds                key "session/creds"
 * │   ├── contact/
 * │   │   └── 584144709840_at_s.whatsapp.net/
 * │   │       └── index                key "contact/584144709840@s.whatsapp.net/index"
 * │   └── chat/
 * │       └── 584144709840_at_s.whatsapp.net/
 * │           ├── index
 * │           ├── messages             the message index: "{TS} {ID}" lines, newest first
 * │           └── message/{id}/index, content, raw
 * └── .{session}.chatstore/            this engine's own files, never seen by the original
 *     ├── lock                         held while a FileEngine has the session open
 *     ├── batch                        the journal of a setBatch being applied (usually absent)
 *     └── expiry                       the expiry log of setTtl
 * </pre>
 *
 * <p>While a value is written, a temporary file {@code .{name}.tmp-{16 hex digits}} sits
 * beside its target for a moment; one left by a crash is deleted at the next open.
 * {@link dev.chatstore.files.FileEngineOptions} holds the settings and their defaults.
 */
package dev.chatstore.files;
