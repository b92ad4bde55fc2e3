package io.devicejobs.fuzz;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devicejobs.testing.Await;
import io.devicejobs.testing.Invariants;
import io.devicejobs.testing.RawHttp;
import io.devicejobs.testing.ServerTest;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every operation of the contract, with malformed, oversized, deeply nested, wrong-typed and hostile input
 * ({@link CaseGenerator}, {@link Hostile}), each against resources of its own ({@link OperationFixture}). A new
 * operation in the contract is fuzzed without a change here.
 *
 * <p>No answer may be a 5xx other than a 503 the operation documents, every error must be in the error model,
 * every request must be answered (a per-request limit tells a hang), and the valid request must succeed (or the
 * cases would not reach the code behind validation). Afterwards the database must hold its invariants, and every
 * successful change must have left its audit row.
 *
 * <p>The values are drawn from a seed, printed at the start: {@code -Dfuzz.seed=N} repeats a run,
 * {@code -Dfuzz.perKind=N} takes more values of each kind, {@code -Dfuzz.operations=id,id} fuzzes only those
 * operations and {@code -Dfuzz.verbose=true} prints every case with its answer.
 */
@Tag("fuzz")
class ContractFuzzTest extends ServerTest {
  private static final long DEFAULT_SEED = 14;
  private static final Duration PER_REQUEST = Duration.ofSeconds(30);
  private static final int MAX_HANGS = 3;
  private static final int SLOWEST = 8;
  private static final int MAX_LISTED = 60;

  @Override
  protected Map<String, String> settings() {
    // Hostile credentials are looked up like others, not cut short by the failure limit.
    return Map.of("AUTH_FAILURES_PER_SECOND", "1000000", "AUTH_FAILURE_BURST", "1000000");
  }

  @Test
  void everyOperationAnswersHostileInputWithoutAFaultOrAHang() {
    long seed = Long.getLong("fuzz.seed", DEFAULT_SEED);
    int perKind = Integer.getInteger("fuzz.perKind", 1);
    System.out.println(
        "ContractFuzzTest: seed " + seed + " (repeat with -Dfuzz.seed=" + seed + ")");
    ContractDocument contract = ContractDocument.load();
    CaseGenerator generator = new CaseGenerator(contract, seed, perKind);
    RawHttp http = new RawHttp(server.port(), PER_REQUEST);
    Map<String, Long> auditBefore = auditRows();
    AuditTally tally = new AuditTally();
    Findings findings = new Findings();

    List<ContractOperation> operations = contract.operations();
    OperationMatcher routing = new OperationMatcher(operations);
    String only = System.getProperty("fuzz.operations", "");
    boolean verbose = Boolean.getBoolean("fuzz.verbose");
    for (int i = 0; i < operations.size() && findings.hangs.size() < MAX_HANGS; i++) {
      ContractOperation op = operations.get(i);
      if (!only.isEmpty() && !List.of(only.split(",")).contains(op.id())) {
        continue;
      }
      String prefix = "fz" + i;
      OperationFixture fixture = OperationFixture.create(api, prefix, tally);
      for (FuzzCase c : generator.cases(op, fixture, prefix)) {
        RawHttp.Answer answer = send(http, c, findings, verbose);
        // Dot segments may route a case to another operation: count the change where it landed.
        ContractOperation reached = routing.find(c.request().method(), c.request().target());
        if (reached != null) {
          tally.answered(reached, answer.status());
        }
        if (findings.hangs.size() >= MAX_HANGS) {
          break;
        }
      }
    }
    System.out.println("ContractFuzzTest: " + findings.summary());

    assertAll(
        () -> assertNone("answers with a 5xx the contract does not document", findings.faults),
        () -> assertNone("requests without an answer in time", findings.hangs),
        () -> assertNone("connections closed without an answer", findings.unanswered),
        () -> assertNone("errors outside the error model", findings.notErrorModel),
        () -> assertNone("valid requests that did not succeed", findings.validRefused),
        () -> assertNone("broken invariants", Invariants.violations(server.sql())),
        () -> assertAuditRows(auditBefore, tally.changes()));
  }

  private static RawHttp.Answer send(RawHttp http, FuzzCase c, Findings findings, boolean verbose) {
    FuzzRequest request = c.request();
    long started = System.nanoTime();
    RawHttp.Answer answer =
        request.framed()
            ? http.sendFramed(request.head(), request.body())
            : http.send(request.head(), request.body());
    findings.timed(System.nanoTime() - started, c);
    findings.judge(c, answer);
    if (verbose) {
      System.out.println("ContractFuzzTest: " + answer.status() + " " + c);
    }
    return answer;
  }

  /** Audit rows are written after the answer: wait for them, then compare. */
  private void assertAuditRows(Map<String, Long> before, Map<String, Long> changes) {
    try {
      Await.until(
          "an audit row for every successful change", () -> auditRowsSince(before).equals(changes));
    } catch (AssertionError e) {
      // The comparison below says which actions differ.
    }
    assertEquals(
        changes, auditRowsSince(before), "audit rows by action: successful changes vs rows");
  }

  private Map<String, Long> auditRowsSince(Map<String, Long> before) {
    Map<String, Long> now = auditRows();
    before.forEach((action, n) -> now.merge(action, -n, Long::sum));
    now.values().removeIf(n -> n == 0);
    return now;
  }

  private Map<String, Long> auditRows() {
    Map<String, Long> rows = new TreeMap<>();
    for (String line :
        server.strings("SELECT action || ' ' || count(*) FROM audit_log GROUP BY action")) {
      String[] parts = line.split(" ");
      rows.put(parts[0], Long.parseLong(parts[1]));
    }
    return rows;
  }

  private static void assertNone(String what, List<String> found) {
    assertTrue(
        found.isEmpty(),
        () ->
            found.size()
                + " "
                + what
                + ":\n"
                + found.stream().limit(MAX_LISTED).collect(Collectors.joining("\n")));
  }

  /** What the answers showed, and a count of statuses for the summary. */
  private static final class Findings {
    final List<String> faults = new ArrayList<>();
    final List<String> hangs = new ArrayList<>();
    final List<String> unanswered = new ArrayList<>();
    final TreeMap<Long, String> slowest = new TreeMap<>();
    final List<String> notErrorModel = new ArrayList<>();
    final List<String> validRefused = new ArrayList<>();
    final Map<Integer, Integer> statuses = new TreeMap<>();
    int cases;

    void judge(FuzzCase c, RawHttp.Answer answer) {
      cases++;
      boolean malformed = c.request().malformedHttp();
      if (answer.hung()) {
        hangs.add(answer + " — " + c);
        return;
      }
      if (!answer.answered()) {
        if (!malformed) {
          unanswered.add(answer + " — " + c);
        }
        return;
      }
      int status = answer.status();
      statuses.merge(status, 1, Integer::sum);
      if (status >= 500 && !(status == 503 && c.operation().documents(503))) {
        faults.add(answer + " — " + c);
      }
      // The HTTP layer refuses what is not HTTP before the API sees it, and a HEAD answer has no
      // body.
      if (status >= 400 && !malformed && !c.request().method().equals("HEAD")) {
        JsonObject error = answer.jsonOrNull();
        if (error == null
            || !(error.getValue("error") instanceof String)
            || !(error.getValue("message") instanceof String)) {
          notErrorModel.add(answer + " — " + c);
        }
      }
      if (c.label().equals("the valid request") && (status < 200 || status >= 300)) {
        validRefused.add(answer + " — " + c);
      }
    }

    /** Keeps the slowest cases for the summary (no limit is asserted: a loaded machine is slow). */
    void timed(long nanos, FuzzCase c) {
      slowest.put(nanos, c.operation().id() + " / " + c.label());
      if (slowest.size() > SLOWEST) {
        slowest.pollFirstEntry();
      }
    }

    String summary() {
      StringBuilder out = new StringBuilder(cases + " requests; statuses " + statuses);
      out.append("; slowest:");
      slowest
          .descendingMap()
          .forEach(
              (nanos, c) -> out.append("\n  ").append(nanos / 1_000_000).append(" ms ").append(c));
      return out.toString();
    }
  }
}
