/**
 * The device state in memory and its background persistence (specification 002):
 * {@link dev.chatstore.device.PersistenceManager} and the changes it applies,
 * {@link dev.chatstore.device.DeviceCommand}.
 */
package dev.chatstore.device;
