"use client";

/**
 * The one way a Bolus form is built: Conform (`@conform-to/react`, `@conform-to/zod/v4`) on React's
 * `useActionState` and our server actions, which keep answering `ActionResult<T>` (lib/actions/result.ts).
 * docs/decisions/036-forms.md says why.
 *
 *   const f = useActionForm(amendCourseAction, { schema: AmendCourseSchema, defaultValue: { dosingWeightKg: "80" } });
 *   return (
 *     <form {...f.formProps} className="…">
 *       {f.failure ? <Alert tone="error">{f.failure.message}</Alert> : null}
 *       <input type="hidden" name="courseId" value={courseId} />
 *       <Field label="Dosing weight" unit="kg" inputMode="decimal" {...fieldProps(f.fields.dosingWeightKg)} />
 *       <SignatureFields fields={f.fields} meaning="…" reason={{ field: f.fields.reason, label: "Reason (required)", maxLength: 2000 }} />
 *       <Button type="submit" disabled={f.pending}>Amend order</Button>
 *     </form>
 *   );
 *
 * - `schema` is the zod schema the action parses with (lib/schemas). It runs in the browser on blur, then on every
 *   keystroke of a field already judged, and on submit: a submit the schema refuses never reaches the server, and
 *   the first invalid field takes the focus. It reads the form as the action does (`Object.fromEntries(form)`:
 *   strings, "" kept), so the browser and the server give the same sentences. A name the action reads with
 *   `form.getAll` (several checkboxes) must be wrapped in the schema with `listField` (lib/forms.ts).
 * - The action's answer becomes Conform's `lastResult` (`toLastResult`): `fieldErrors` by field, the message and
 *   `fieldErrors._form` as the form's own error, `values` as the initial values (what a page drawn by the server
 *   without JavaScript shows). Rules the schema cannot know (a stale version, a wrong password, a dose already
 *   recorded) still come only from the server, in the same shape.
 * - Spread `fieldProps(f.fields.x)` on `Field`, `Select` or `TextAreaField`: id, name, the initial value and the
 *   errors; those primitives draw the label, `aria-invalid` and `aria-describedby`. A field the component controls
 *   (`value` + `onChange`) takes `controlledFieldProps` instead. Passwords go through `SignatureFields`, which
 *   never fills them: no password is ever put back into an input, and every answer of the server empties them.
 * - Values typed are kept on an error: with JavaScript the submit runs the action in a transition of our own, so
 *   React's automatic form reset (which runs after every form action and would wipe them) does not happen; the
 *   form is reset only after a success, to `defaultValue` (what the page shows when nothing was typed).
 * - A form that stays on screen after a success (amendment, assessment): give every field that does not start
 *   empty its starting value through `defaultValue` here, not through a `defaultValue` prop of its own, and give
 *   every <select> one (an existing option's value, "" for a placeholder): Conform's reset sets a field it has no
 *   value for to empty, and a select to no option at all.
 *   Without JavaScript the form posts to the server action (`action` stays on the element) and the page comes back
 *   with the answer drawn in.
 * - Errors after a failed submit: `<ErrorSummary {...f.summary} />` (components/ui/error-summary.tsx) just above the
 *   submit button lists each with a link to its field and takes the focus; it replaces an alert of `f.failure` at
 *   the top of the form, which nobody at the submit button sees.
 * - Radio and checkbox groups: the fieldset takes `aria-describedby={fields.x.errors ? fields.x.errorId : undefined}`
 *   and shows `<FieldErrorText id={fields.x.errorId} errors={fields.x.errors} />` (field-frame.tsx).
 * - A form that reads its own fields as they change (a live preview) keeps doing so: the adapter leaves the DOM to
 *   the browser.
 * - A form whose action must do something in the browser first (announce a result) wraps the action in a function
 *   of the same signature; such a form needs JavaScript, as it did before.
 */

import { startTransition, useActionState, useEffect, useMemo, useState, type FormEvent } from "react";
import { useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";
import type { ActionResult } from "@/lib/actions/result";
import { announceIfSessionEnded } from "@/components/auth/session-ended";

/** What an action answered, as Conform's `lastResult`. Exported for tests; forms use `useActionForm`. */
export function toLastResult<T>(state: ActionResult<T> | null): SubmissionResult<string[]> | null {
  if (!state) return null;
  // a success resets the form (to `defaultValue`), as React does after a form action
  if (state.ok) return { status: "success", initialValue: null };
  const { _form: formErrors = [], ...fieldErrors } = state.fieldErrors ?? {};
  return {
    status: "error",
    ...(state.values ? { initialValue: state.values } : {}),
    error: { "": [state.message, ...formErrors], ...fieldErrors },
  };
}

/** The parts of Conform's field metadata the primitives need. */
export interface FormField {
  id: string;
  name: string;
  errorId: string;
  initialValue: unknown;
  errors: string[] | undefined;
}

/** id, name, initial value and errors for `Field`, `Select` or `TextAreaField` (uncontrolled). */
export function fieldProps(field: FormField): { id: string; name: string; defaultValue: string | undefined; errors: string[] | undefined } {
  return { id: field.id, name: field.name, defaultValue: typeof field.initialValue === "string" ? field.initialValue : undefined, errors: field.errors };
}

/** id, name and errors for a field whose value the component holds itself (`value` + `onChange`), and for secrets. */
export function controlledFieldProps(field: FormField): { id: string; name: string; errors: string[] | undefined } {
  return { id: field.id, name: field.name, errors: field.errors };
}

type FormAction<T> = (prev: ActionResult<T> | null, form: FormData) => Promise<ActionResult<T>>;

export function useActionForm<T, S extends z.ZodType<unknown, Record<string, unknown>>>(
  action: FormAction<T>,
  options: {
    schema: S;
    /** what the fields hold when nothing was typed, and after a success */
    defaultValue?: Record<string, string | string[] | undefined>;
    /** a fixed form id, when something outside the form must point at it */
    id?: string;
  },
) {
  const [state, dispatch, pending] = useActionState(action, null);
  const lastResult = useMemo(() => toLastResult(state), [state]);
  const { schema } = options;
  const [form, fields] = useForm<z.input<S>, z.output<S>>({
    id: options.id,
    lastResult,
    defaultValue: options.defaultValue as never,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate({ formData }) {
      // the action parses `Object.fromEntries(form)`: raw strings, "" kept (Conform's coercion would turn "" into
      // undefined and give other sentences than the server's)
      return parseWithZod(formData, { schema, disableAutoCoercion: true });
    },
    onSubmit(event, { formData }) {
      // Run the action ourselves: React's own form action would reset the form afterwards and lose what was typed.
      event.preventDefault();
      startTransition(() => dispatch(formData));
    },
  });

  // A session that ended while the form was open: the sign-in-again dialog opens; the form keeps what was typed.
  useEffect(() => announceIfSessionEnded(state), [state]);
  // Each failed submit (refused in the browser by the schema, or by the server) is one attempt: the error summary
  // (components/ui/error-summary.tsx) shows from the first and takes the focus on each.
  const [attempt, setAttempt] = useState(0);
  // A new form id is a new form (Conform starts it clean): its attempts start again too. A form that opens and
  // closes (the dose screen's give and hold) takes a new id at each opening, so no error follows into the next one.
  const [attemptsOf, setAttemptsOf] = useState(form.id);
  if (attemptsOf !== form.id) {
    setAttemptsOf(form.id);
    setAttempt(0);
  }
  useEffect(() => {
    if (state) setAttempt((a) => (state.ok ? 0 : a + 1));
  }, [state]);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    // Conform validates a field on blur and on input by submitting the form with a hidden "__intent__" button: that
    // is not an attempt to record
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    if (submitter?.getAttribute("name") !== "__intent__") setAttempt((a) => a + 1);
    form.onSubmit(event);
  };

  // Every answer of the server empties the password fields: a signature is typed again for each attempt.
  useEffect(() => {
    if (!state) return;
    const element = document.getElementById(form.id);
    if (!(element instanceof HTMLFormElement)) return;
    for (const input of element.querySelectorAll<HTMLInputElement>('input[type="password"]')) input.value = "";
  }, [state, form.id]);

  return {
    /** the action's last answer */
    state,
    /** the last answer when it was a refusal, for the form's alert */
    failure: state && !state.ok ? state : null,
    pending,
    form,
    fields,
    /** for `<ErrorSummary {...f.summary} />` just above the submit button: every error after a failed submit */
    summary: { formId: form.id, errors: form.allErrors, attempt },
    /** spread on the <form>: id, the action (also without JavaScript), Conform's submit handler, noValidate */
    formProps: { id: form.id, action: dispatch, onSubmit, noValidate: form.noValidate },
  };
}
