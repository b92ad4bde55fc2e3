package io.devicejobs.security;

import io.vertx.core.Future;
import java.util.Optional;

/** Turns a presented secret into a principal: from memory when recently seen, otherwise from the database. */
public final class Authenticator {
  private final CredentialStore store;
  private final CredentialCache cache;

  public Authenticator(CredentialStore store, CredentialCache cache) {
    this.store = store;
    this.cache = cache;
  }

  /** Empty when the secret is not a live operator key or device token. */
  public Future<Optional<Principal>> authenticate(String secret) {
    Secrets kind = Secrets.kindOf(secret);
    if (kind != Secrets.OPERATOR_KEY && kind != Secrets.DEVICE_TOKEN) {
      return Future.succeededFuture(Optional.empty());
    }
    String hash = Secrets.hash(secret);
    Optional<Optional<Principal>> cached = cache.lookup(hash);
    if (cached.isPresent()) {
      return Future.succeededFuture(cached.get());
    }
    long generation = cache.generation();
    return (kind == Secrets.OPERATOR_KEY ? store.operator(hash) : store.device(hash))
        .onSuccess(found -> cache.remember(hash, found.orElse(null), generation));
  }

  /** Whether this secret is known good without asking anyone (lets it through a throttled address). */
  public boolean knownValid(String secret) {
    return secret != null && cache.knownValid(Secrets.hash(secret));
  }
}
