package io.devicejobs.jobs.rules;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.devicejobs.jobs.document.InvalidJobDocumentException;
import io.devicejobs.jobs.document.JobDocumentValidator;
import io.devicejobs.jobs.document.ValidatedDocument;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** Turns a template's job document and a job's parameters into the job document the devices run. */
public final class TemplateRenderer {

  private TemplateRenderer() {}

  /**
   * Fills in every placeholder of the template, then validates the result as a job document again, so that,
   * for example, a handler given by a placeholder must now be a valid handler name.
   *
   * @param normalisedDocument the template's normalised job document; it is not modified
   * @param parameters placeholder name to value; a placeholder without one gets its rule's default
   * @throws InvalidJobDocumentException listing every problem: pointers starting with "/parameters" point at
   *     the parameters; any other pointer points into the document (filling in never changes its structure)
   */
  public static RenderedDocument render(
      ObjectNode normalisedDocument, Map<String, String> parameters, ParameterRules rules) {
    Objects.requireNonNull(normalisedDocument, "normalisedDocument");
    Objects.requireNonNull(parameters, "parameters");
    Objects.requireNonNull(rules, "rules");
    // Validating the template again finds its placeholders exactly as when it was saved, and hands
    // the filler
    // a flat document without malformed placeholders, whatever form the caller passed.
    ValidatedDocument template = new JobDocumentValidator().validate(normalisedDocument);

    Problems problems = new Problems();
    Map<String, String> values =
        ParameterValues.resolve(template.placeholders(), parameters, rules, problems);
    problems.throwIfAny();

    ObjectNode filled = new DocumentFiller(values, problems).fill(template.document());
    ValidatedDocument rendered = validateAgain(filled, problems);
    problems.throwIfAny();
    return new RenderedDocument(rendered.document(), rendered.handlerReferences());
  }

  /** @return the validated document, or null if {@code problems} got any */
  private static ValidatedDocument validateAgain(ObjectNode filled, Problems problems) {
    try {
      ValidatedDocument validated = new JobDocumentValidator().validate(filled);
      if (!validated.placeholders().isEmpty()) {
        // E.g. a value "x{" before the template text "{B}}"
        // makes "{{B}}", which must not reach a device.
        problems.add(
            ParameterValues.PARAMETERS,
            "the values combine with the text around them into the"
                + " placeholders "
                + braced(validated.placeholders())
                + ": a job document has none");
      }
      return validated;
    } catch (InvalidJobDocumentException e) {
      problems.addAll(e.violations());
      return null;
    }
  }

  private static String braced(Set<String> placeholders) {
    return placeholders.stream().map(name -> "{{" + name + "}}").collect(Collectors.joining(", "));
  }
}
