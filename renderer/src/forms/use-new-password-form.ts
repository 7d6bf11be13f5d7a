import { ref } from 'vue';
import { useForm } from 'vee-validate';
import { toTypedSchema } from '@vee-validate/zod';
import type { ErrorCode, KioskResult } from '@shared/contract/result';
import { newPasswordSchema, type NewPasswordInput } from '@shared/rules/password';
import type { MessageKey } from '../i18n/messages';
import { failureMessage } from './failure-message';

/**
 * A new password entered twice, without the current one (the reset's step 3,
 * the password set after a temporary one): the form's rules, the core's
 * answer on its field, and the form emptied once the core has taken it (the
 * password stays in the core's memory only).
 */
export function useNewPasswordForm<T>(options: {
  /** The customer's ID, when known: a password containing it is refused before the core is asked. */
  itscomId: string | undefined;
  send: (values: NewPasswordInput) => Promise<KioskResult<T>>;
  done: (value: T) => void | Promise<void>;
  /** A refusal the screen handles itself; true when it did. */
  refused?: (code: ErrorCode) => boolean | Promise<boolean>;
}) {
  const failure = ref<MessageKey | null>(null);
  const { handleSubmit, isSubmitting, setFieldError, resetForm } = useForm({
    validationSchema: toTypedSchema(newPasswordSchema(options.itscomId)),
    initialValues: { newPassword: '', newPasswordAgain: '' },
  });
  const submit = handleSubmit(async (values) => {
    failure.value = null;
    const result = await options.send(values);
    if (result.ok) {
      resetForm();
      await options.done(result.value);
    } else if (result.code === 'invalid_input' && result.field) {
      setFieldError(result.field as keyof NewPasswordInput, result.reason ?? 'errors.invalid');
    } else if (!(await options.refused?.(result.code))) failure.value = failureMessage(result.code);
  });
  return { submit, isSubmitting, failure };
}
