package io.devicejobs.jobs.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/** Decides the value of every placeholder of a template: the job's parameter, else the rule's default. */
final class ParameterValues {

  static final String PARAMETERS = "/parameters";

  private ParameterValues() {}

  /** @return placeholder name to value; incomplete if {@code problems} got any */
  static SortedMap<String, String> resolve(
      Set<String> placeholders,
      Map<String, String> parameters,
      ParameterRules rules,
      Problems problems) {
    SortedMap<String, String> values = new TreeMap<>();
    List<String> missing = new ArrayList<>();
    for (String name : new TreeSet<>(placeholders)) {
      ParameterRule rule = rules.ruleFor(name);
      String value = parameters.get(name);
      if (value == null) {
        value = rule.defaultValue().orElse(null);
      }
      if (value == null) {
        missing.add(name);
      } else {
        rule.check(value)
            .ifPresent(problem -> problems.add(Problems.child(PARAMETERS, name), problem));
        values.put(name, value);
      }
    }
    if (!missing.isEmpty()) {
      problems.add(PARAMETERS, "missing values for placeholders: " + String.join(", ", missing));
    }
    for (String name : new TreeSet<>(parameters.keySet())) {
      if (!placeholders.contains(name)) {
        // The name came from the caller: it is only quoted once it is known to be harmless.
        String problem =
            PlaceholderNames.isValid(name)
                ? PlaceholderNames.notInDocument(name)
                : PlaceholderNames.NOT_A_NAME;
        problems.add(Problems.child(PARAMETERS, name), problem);
      }
    }
    return values;
  }
}
