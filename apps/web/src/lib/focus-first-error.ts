/**
 * Moves keyboard focus to the first field the form marks invalid, once React has drawn the
 * errors, so a keyboard or screen-reader user lands on the problem instead of the button.
 *
 * @example
 * if (Object.keys(problems).length > 0) focusFirstError(formElement);
 */
export function focusFirstError(form: HTMLElement | null): void {
  if (!form) return;
  requestAnimationFrame(() => {
    const field = form.querySelector<HTMLElement>('[aria-invalid="true"]');
    field?.focus();
  });
}
