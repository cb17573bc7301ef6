/**
 * Crash tests: a child JVM writes through chatstore and is killed with SIGKILL at random moments;
 * the parent reopens the store and checks that every acknowledged write is there, every batch is
 * whole or absent, no value is torn and the store opens without repair.
 *
 * <p>A backend module runs it with one small test: a public {@link
 * dev.chatstore.tck.crash.CrashTarget} that opens its store on a folder, and a call of {@link
 * dev.chatstore.tck.crash.CrashHarness#run}. The workload ({@link
 * dev.chatstore.tck.crash.CrashWorkload}) is deterministic per lane, so the parent knows exactly
 * what any prefix of a lane's writes leaves. Besides raw key-value and Engine writes, lanes write
 * through the domain stores (a chat database, a Signal device, the jobs of a
 * {@code Persistency}: a target opening one returns {@code Stores.ofJobs}), and their own
 * invariants are checked after each kill. {@code -Dchatstore.crash.kills},
 * {@code -Dchatstore.crash.seed} and {@code -Dchatstore.crash.seconds} set the number of kills,
 * the seed and the time budget.
 */
package dev.chatstore.tck.crash;
