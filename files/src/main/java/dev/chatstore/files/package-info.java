/** The chatstore files module. */
package dev.chatstore.files;
