'use client';

type Props = {
  id: string;
  /** What to type, in lowercase: "delete", "deactivate". */
  word: string;
  value: string;
  onChange: (value: string) => void;
  /** The server refused what was typed (without script the button cannot wait for it). */
  invalid?: boolean;
};

/**
 * The typed confirmation of a destructive action (token delete, tag delete, bulk deactivate): the
 * word to type, and why the button still waits when it was typed with a capital.
 */
export function ConfirmWordField({ id, word, value, onChange, invalid = false }: Props) {
  const caseOnly = value !== '' && value !== word && value.toLowerCase() === word;
  const hint = `${id}-hint`;
  return (
    <div>
      <label htmlFor={id} className="label">
        Type {word} to confirm
      </label>
      <input
        id={id}
        name="confirm"
        className="input"
        autoComplete="off"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={invalid || undefined}
        aria-describedby={hint}
      />
      <p id={hint} role={invalid ? 'alert' : undefined} className={invalid ? 'field-error' : 'mt-1 text-xs text-slate-500'}>
        {invalid || caseOnly ? `Type ${word}, in lowercase, to confirm.` : 'In lowercase.'}
      </p>
    </div>
  );
}
