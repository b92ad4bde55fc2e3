package io.devicejobs.agent.engine;

import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The job's stdout and stderr. Each step writes straight into files in a private temporary directory, so a
 * chatty child never blocks on a full pipe and no reader threads are needed; a background process the step
 * leaves behind can keep writing without holding anything up. After the step the files are read into the
 * job's bounded {@link OutputTail}s under a {@code === <step name> ===} line, and deleted.
 */
final class JobOutput implements AutoCloseable {

  private final Path directory;
  private final OutputTail stdout;
  private final OutputTail stderr;
  private int steps;

  private JobOutput(Path directory, OutputTail stdout, OutputTail stderr) {
    this.directory = directory;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /** @param keepStdout false when the document does not want stdout: it is then discarded, not stored */
  static JobOutput open(boolean keepStdout, OutputLimits limits) throws IOException {
    // createTempDirectory makes the directory accessible to its owner only.
    Path directory = Files.createTempDirectory("device-jobs-");
    OutputTail stdout = keepStdout ? new OutputTail(limits.maxStdoutBytes()) : null;
    return new JobOutput(directory, stdout, new OutputTail(limits.maxStderrBytes()));
  }

  StepCapture startStep(String name) {
    steps++;
    if (stdout != null) {
      appendHeader(stdout, name);
    }
    appendHeader(stderr, name);
    Path out = stdout == null ? null : directory.resolve("step-" + steps + ".stdout");
    return new StepCapture(out, directory.resolve("step-" + steps + ".stderr"));
  }

  /** The collected stdout, or null when it is not kept. */
  String stdout() {
    return stdout == null ? null : stdout.text();
  }

  boolean stdoutTruncated() {
    return stdout != null && stdout.truncated();
  }

  String stderr() {
    return stderr.text();
  }

  boolean stderrTruncated() {
    return stderr.truncated();
  }

  @Override
  public void close() {
    try (Stream<Path> leftovers = Files.list(directory)) {
      leftovers.forEach(JobOutput::deleteQuietly);
    } catch (IOException e) {
      // Nothing to clean up then, or nothing we can do about it.
    }
    deleteQuietly(directory);
  }

  private static void appendHeader(OutputTail tail, String name) {
    if (!tail.isEmpty() && !tail.endsWithNewline()) {
      tail.append("\n");
    }
    tail.append("=== " + name + " ===\n");
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // A leftover temporary file is not worth failing a job over.
    }
  }

  /** Where one step's output goes while it runs. */
  final class StepCapture {

    private final Path stdoutFile;
    private final Path stderrFile;

    private StepCapture(Path stdoutFile, Path stderrFile) {
      this.stdoutFile = stdoutFile;
      this.stderrFile = stderrFile;
    }

    ProcessBuilder redirect(ProcessBuilder builder) {
      return builder
          .redirectOutput(stdoutFile == null ? Redirect.DISCARD : Redirect.to(stdoutFile.toFile()))
          .redirectError(Redirect.to(stderrFile.toFile()));
    }

    /**
     * Moves the step's output into the job's tails and deletes the files.
     *
     * @return how many lines the step wrote to stderr
     */
    long finish() {
      if (stdoutFile != null) {
        drain(stdoutFile, stdout);
      }
      return drain(stderrFile, stderr);
    }

    /** @return the number of lines read; a last line without a newline counts */
    private long drain(Path file, OutputTail tail) {
      LineCounter lines = new LineCounter();
      // FileInputStream, not Files.newInputStream: a channel
      // would refuse to read on an interrupted thread.
      try (InputStream in = new FileInputStream(file.toFile())) {
        byte[] buffer = new byte[64 * 1024];
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
          tail.append(buffer, 0, read);
          lines.count(buffer, read);
        }
      } catch (FileNotFoundException e) {
        // The process never started, so it wrote nothing.
      } catch (IOException e) {
        tail.append("\n[device-jobs: could not read this step's output: " + e.getMessage() + "]\n");
      } finally {
        deleteQuietly(file);
      }
      return lines.lines();
    }
  }

  private static final class LineCounter {

    private long newlines;
    private byte last = '\n';

    void count(byte[] bytes, int length) {
      for (int i = 0; i < length; i++) {
        if (bytes[i] == '\n') {
          newlines++;
        }
      }
      if (length > 0) {
        last = bytes[length - 1];
      }
    }

    long lines() {
      return last == '\n' ? newlines : newlines + 1;
    }
  }
}
