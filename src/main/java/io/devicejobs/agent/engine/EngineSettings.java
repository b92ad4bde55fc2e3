package io.devicejobs.agent.engine;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/** What every job run of one {@link JobEngine} shares. */
record EngineSettings(
    CommandBuilder commands,
    OutputLimits limits,
    ProgressListener listener,
    Clock clock,
    Path workDir,
    Duration killGrace) {

  EngineSettings {
    Objects.requireNonNull(commands, "commands");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(workDir, "workDir");
    Objects.requireNonNull(killGrace, "killGrace");
  }
}
