package io.devicejobs.agent.engine;

/**
 * How many bytes of each stream a job keeps, summed over all its steps (headers included). When a stream
 * outgrows its limit the oldest bytes are dropped: the end of the output is what explains a failure.
 */
public record OutputLimits(int maxStdoutBytes, int maxStderrBytes) {

  public static final int DEFAULT_BYTES_PER_STREAM = 1024 * 1024;
  public static final OutputLimits DEFAULT = perStream(DEFAULT_BYTES_PER_STREAM);

  public OutputLimits {
    if (maxStdoutBytes < 1 || maxStderrBytes < 1) {
      throw new IllegalArgumentException("output limits must be at least 1 byte");
    }
  }

  public static OutputLimits perStream(int maxBytes) {
    return new OutputLimits(maxBytes, maxBytes);
  }
}
