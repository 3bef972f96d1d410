/** A connect form's field for the service's URL. */
export function UrlField(props: {
  label: string;
  value: string;
  placeholder: string;
  onChange(value: string): void;
  testId: string;
}) {
  return (
    <label>
      <span>{props.label}</span>
      <input
        type="text"
        inputMode="url"
        value={props.value}
        placeholder={props.placeholder}
        autoComplete="off"
        onChange={(e) => props.onChange(e.target.value)}
        data-testid={props.testId}
      />
    </label>
  );
}
