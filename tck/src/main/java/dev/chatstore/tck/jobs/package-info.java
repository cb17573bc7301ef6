/**
 * The conformance kit of {@link dev.chatstore.jobs.Persistency}: subclass
 * {@link dev.chatstore.tck.jobs.PersistencyConformanceSuite} once per backend (naming its root
 * URI) to run the contracts of job data ({@link dev.chatstore.tck.jobs.JobDataContract}) and of
 * the jobs' lifecycle ({@link dev.chatstore.tck.jobs.JobLifecycleContract}) on it.
 */
package dev.chatstore.tck.jobs;
