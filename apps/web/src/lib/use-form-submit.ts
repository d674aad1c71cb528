import { type FormEvent, useCallback, useState } from 'react';
import { focusFirstError } from './focus-first-error.js';

/** A form's problems by field name, as its inputs show them next to themselves. */
export type FieldErrors = Record<string, string>;

/** What a form needs to submit: its problems by field, a message for the whole form, busy. */
export interface FormSubmit {
  errors: FieldErrors;
  /** A message for the whole form (the server's answer, or a failed load the form sets itself). */
  error: string | null;
  setError: (message: string | null) => void;
  busy: boolean;
  /**
   * Handles a submit event: checks the values with `validate` and, when it finds nothing, runs
   * `send`. Problems found before sending or named by the server move keyboard focus to the first
   * field marked invalid, so a keyboard or screen-reader user lands on it.
   */
  submit: (
    event: FormEvent,
    validate: () => FieldErrors,
    send: () => Promise<void>,
  ) => Promise<void>;
}

/**
 * The submit flow the forms share: validate in the browser, send, and on failure show the
 * server's message and its problems by field (`serverFieldErrors` reads them from the error).
 *
 * @example
 * const { errors, error, busy, submit } = useFormSubmit(pathErrors);
 * <form noValidate onSubmit={(event) => submit(event, () => validate(values), save)}>
 */
export function useFormSubmit(serverFieldErrors: (cause: unknown) => FieldErrors): FormSubmit {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = useCallback(
    async (event: FormEvent, validate: () => FieldErrors, send: () => Promise<void>) => {
      event.preventDefault();
      const form = event.currentTarget as HTMLElement;
      const problems = validate();
      setErrors(problems);
      setError(null);
      if (Object.keys(problems).length > 0) {
        focusFirstError(form);
        return;
      }
      setBusy(true);
      try {
        await send();
      } catch (cause) {
        setErrors(serverFieldErrors(cause));
        focusFirstError(form);
        setError((cause as Error).message);
      } finally {
        setBusy(false);
      }
    },
    [serverFieldErrors],
  );

  return { errors, error, setError, busy, submit };
}
