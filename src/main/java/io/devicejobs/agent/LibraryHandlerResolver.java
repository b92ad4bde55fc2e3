package io.devicejobs.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.devicejobs.agent.engine.DirectoryHandlerResolver;
import io.devicejobs.agent.engine.HandlerResolver;
import io.devicejobs.agent.engine.HandlerUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds runHandler scripts in the server's handler library. Before each run the handler is fetched from
 * {@code GET …/devices/{uuid}/handlers/{name}} and its script checked against the SHA-256 the server
 * publishes; the cached copy is used when it has exactly that content, and replaced otherwise: when the
 * library has a new version, and when the copy was changed on the device. When the server cannot be reached, a
 * cached copy that still has the content it was verified with is used. A step's {@code input.path} names a
 * local directory to take the handler from instead, as in the original design.
 */
public final class LibraryHandlerResolver implements HandlerResolver {

  private static final Logger LOG = LoggerFactory.getLogger(LibraryHandlerResolver.class);
  private static final Pattern HANDLER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");

  /** For scripts without a {@code #!} line. */
  private static final Map<String, List<String>> INTERPRETERS =
      Map.of(
          "bash", List.of("/bin/bash"),
          "sh", List.of("/bin/sh"),
          "python3", List.of("/usr/bin/env", "python3"));

  private final CloudApi api;
  private final HandlerCache cache;
  private final DirectoryHandlerResolver local;

  /** @param cacheDirectory where verified scripts are kept; created with mode 700 */
  public LibraryHandlerResolver(CloudApi api, Path cacheDirectory) throws IOException {
    this(api, new HandlerCache(cacheDirectory));
  }

  LibraryHandlerResolver(CloudApi api, HandlerCache cache) {
    this.api = api;
    this.cache = cache;
    this.local = new DirectoryHandlerResolver(cache.directory());
  }

  @Override
  public Path resolve(String handlerName, String pathOverride) throws HandlerUnavailableException {
    return pathOverride != null
        ? local.resolve(handlerName, pathOverride)
        : fromLibrary(handlerName).script();
  }

  @Override
  public List<String> command(String handlerName, String pathOverride)
      throws HandlerUnavailableException {
    if (pathOverride != null) {
      return List.of(local.resolve(handlerName, pathOverride).toString());
    }
    HandlerCache.Entry entry = fromLibrary(handlerName);
    List<String> interpreter = INTERPRETERS.get(entry.scriptType());
    if (interpreter == null || startsWithShebang(entry.script())) {
      return List.of(entry.script().toString());
    }
    List<String> command = new ArrayList<>(interpreter);
    command.add(entry.script().toString());
    return List.copyOf(command);
  }

  private HandlerCache.Entry fromLibrary(String name) throws HandlerUnavailableException {
    if (!HANDLER_NAME.matcher(name).matches()) {
      throw new HandlerUnavailableException("\"" + name + "\" is not a handler name");
    }
    HttpAnswer answer;
    try {
      answer = api.handler(name);
    } catch (IOException e) {
      return cachedWhenOffline(name, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HandlerUnavailableException(
          "interrupted while downloading handler \"" + name + "\"", e);
    }
    if (answer.isSuccess()) {
      return verifiedCopy(name, answer.body());
    }
    if (answer.status() == 404) {
      throw new HandlerUnavailableException(
          "handler \"" + name + "\" is not in the server's library (or inactive)");
    }
    if (answer.isTransient()) {
      return cachedWhenOffline(name, answer.message());
    }
    throw new HandlerUnavailableException(
        "cannot download handler \"" + name + "\": " + answer.message());
  }

  private HandlerCache.Entry verifiedCopy(String name, JsonNode handler)
      throws HandlerUnavailableException {
    byte[] script = handler.path("script").asText("").getBytes(StandardCharsets.UTF_8);
    String published = handler.path("script_sha256").asText("");
    String actual = Sha256.hex(script);
    if (!actual.equalsIgnoreCase(published)) {
      throw new HandlerUnavailableException(
          "handler \""
              + name
              + "\" as downloaded has SHA-256 "
              + actual
              + ", not the published "
              + published
              + "; not run");
    }
    String scriptType = handler.path("script_type").asText("");
    Optional<HandlerCache.Entry> cached = cache.recorded(name);
    if (cached.isPresent()) {
      HandlerCache.Entry entry = cached.get();
      boolean intact = cache.isIntact(entry);
      if (intact
          && entry.sha256().equalsIgnoreCase(published)
          && entry.scriptType().equals(scriptType)) {
        return entry;
      }
      if (intact) {
        LOG.info("handler {} has a new version in the library; updating the cached copy", name);
      } else {
        LOG.warn(
            "cached handler {} was changed on this device (it no longer has the SHA-256 it was verified with);"
                + " replacing it",
            name);
      }
    }
    try {
      return cache.store(name, script, published, scriptType);
    } catch (IOException e) {
      throw new HandlerUnavailableException(
          "cannot cache handler \"" + name + "\": " + e.getMessage(), e);
    }
  }

  private HandlerCache.Entry cachedWhenOffline(String name, String problem)
      throws HandlerUnavailableException {
    Optional<HandlerCache.Entry> cached = cache.recorded(name);
    if (cached.isPresent() && cache.isIntact(cached.get())) {
      LOG.warn(
          "cannot reach the handler library ({}); running the verified cached copy of {}",
          problem,
          name);
      return cached.get();
    }
    throw new HandlerUnavailableException(
        "cannot download handler \""
            + name
            + "\" ("
            + problem
            + ")"
            + (cached.isPresent()
                ? " and its cached copy was changed on this device"
                : " and it is not cached"));
  }

  private static boolean startsWithShebang(Path script) {
    try (InputStream in = Files.newInputStream(script)) {
      return Arrays.equals(in.readNBytes(2), new byte[] {'#', '!'});
    } catch (IOException e) {
      return false;
    }
  }
}
