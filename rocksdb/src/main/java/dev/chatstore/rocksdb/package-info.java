/** The chatstore rocksdb module. */
package dev.chatstore.rocksdb;
