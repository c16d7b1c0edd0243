import { Form, Input, Select } from 'antd';
import type { CSSProperties } from 'react';

/** Today's date in the browser's time zone, as a date input's value (YYYY-MM-DD). */
export function today(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** A required date of a form; `notFuture` for what has already happened (the API refuses later dates). */
export function DateField({
  name,
  label,
  notFuture,
  style,
}: {
  name: string;
  label: string;
  notFuture?: boolean;
  style?: CSSProperties;
}) {
  return (
    <Form.Item name={name} label={label} rules={[{ required: true, message: `请填写${label}` }]}>
      <Input type="date" style={style} max={notFuture ? today() : undefined} />
    </Form.Item>
  );
}

/**
 * The required reason of an action that needs one (ending, removing, revoking …), kept in the record's history; blank
 * (spaces only) is refused like empty.
 */
export function ReasonField({
  label,
  message = `请填写${label}`,
  maxLength = 500,
}: {
  label: string;
  message?: string;
  maxLength?: number;
}) {
  return (
    <Form.Item
      name="reason"
      label={label}
      rules={[
        { required: true, message },
        // the API refuses a blank reason: say so before sending
        { whitespace: true, message: `${label}不能只填空格` },
      ]}
    >
      <Input.TextArea rows={2} maxLength={maxLength} />
    </Form.Item>
  );
}

/** A required choice of a technology manager, searched by name. */
export function ManagerField({
  name = 'managerProfileId',
  label = '技术经理人',
  options,
  disabled,
}: {
  name?: string;
  label?: string;
  options: { value: string; label: string }[];
  disabled?: boolean;
}) {
  return (
    <Form.Item name={name} label={label} rules={[{ required: true, message: '请选择' }]}>
      <Select showSearch={{ optionFilterProp: 'label' }} options={options} disabled={disabled} />
    </Form.Item>
  );
}
