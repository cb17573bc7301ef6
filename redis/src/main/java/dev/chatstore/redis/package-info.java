/** The chatstore redis module. */
package dev.chatstore.redis;
