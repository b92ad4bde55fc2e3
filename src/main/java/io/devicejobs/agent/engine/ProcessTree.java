package io.devicejobs.agent.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Stops a process and everything it started: SIGTERM to all of them, then SIGKILL to whatever is still alive
 * after a grace period.
 *
 * <p>The tree is remembered before anything is signalled: once a parent dies its children are re-parented
 * and {@link ProcessHandle#descendants()} of the parent no longer finds them. Survivors are rescanned while
 * waiting, so children forked during shutdown are caught too.
 */
final class ProcessTree {

  private static final long POLL_MILLIS = 20;
  private static final Duration AFTER_KILL = Duration.ofSeconds(1);

  private ProcessTree() {}

  static void terminate(ProcessHandle root, Duration grace) {
    // Waiting below must work on an interrupted thread; the interrupt is handed back at the end.
    boolean interrupted = Thread.interrupted();
    Set<ProcessHandle> members = new LinkedHashSet<>();
    members.add(root);
    root.descendants().forEach(members::add);
    // The root first: a shell that is going down cannot start its next command.
    members.forEach(ProcessHandle::destroy);

    interrupted |= awaitExit(members, grace, ProcessHandle::destroy);
    addDescendants(members, ProcessHandle::destroyForcibly);
    alive(members).forEach(ProcessHandle::destroyForcibly);
    interrupted |= awaitExit(members, AFTER_KILL, ProcessHandle::destroyForcibly);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** @return whether the thread was interrupted while waiting */
  private static boolean awaitExit(
      Set<ProcessHandle> members, Duration limit, Consumer<ProcessHandle> signal) {
    long end = System.nanoTime() + limit.toNanos();
    while (!alive(members).isEmpty() && System.nanoTime() < end) {
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        return true;
      }
      addDescendants(members, signal);
    }
    return false;
  }

  /** Adds the descendants of every living member, signalling the ones not seen before. */
  private static void addDescendants(Set<ProcessHandle> members, Consumer<ProcessHandle> signal) {
    for (ProcessHandle member : alive(members)) {
      member
          .descendants()
          .forEach(
              descendant -> {
                if (members.add(descendant)) {
                  signal.accept(descendant);
                }
              });
    }
  }

  private static List<ProcessHandle> alive(Set<ProcessHandle> members) {
    return members.stream().filter(ProcessTree::isRunning).toList();
  }

  /**
   * Like {@link ProcessHandle#isAlive()}, except that a zombie counts as gone: it has exited and only waits
   * to be reaped, by PID 1 once orphaned, which some containers' init does only now and then.
   */
  static boolean isRunning(ProcessHandle process) {
    return process.isAlive() && !hasExited(process.pid());
  }

  private static boolean hasExited(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // "pid (command) S ...": the command may contain anything, so look after its last ')'.
      int commandEnd = stat.lastIndexOf(')');
      char state =
          commandEnd >= 0 && commandEnd + 2 < stat.length() ? stat.charAt(commandEnd + 2) : '?';
      return state == 'Z' || state == 'X';
    } catch (IOException | RuntimeException e) {
      return false; // Gone already, or no /proc: isAlive() alone decides.
    }
  }
}
