import { Form, Input } from 'antd';

import { sameAs } from '../lib/form-rules';

/** The API's password rule, as the form states it (8–72 characters, letters and digits). */
export const PASSWORD_RULE_TEXT = '8–72 位，须同时包含字母和数字';

/**
 * A new password and its confirmation (注册, 修改密码, 新建账号): the same rule text and messages everywhere, named
 * after `label` — 「请输入新密码」「请再次输入新密码」「两次输入的新密码不一致」. The confirmation field is named
 * `confirm`: strip it before sending the form.
 */
export default function NewPasswordFields({
  name = 'password',
  label = '密码',
  extra,
}: {
  name?: string;
  label?: string;
  /** Said after the rule, e.g. 「且不能与当前密码相同」. */
  extra?: string;
}) {
  return (
    <>
      <Form.Item
        label={label}
        name={name}
        rules={[{ required: true, message: `请输入${label}` }]}
        extra={extra ? `${PASSWORD_RULE_TEXT}，${extra}` : PASSWORD_RULE_TEXT}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        label={`确认${label}`}
        name="confirm"
        dependencies={[name]}
        rules={[{ required: true, message: `请再次输入${label}` }, sameAs(name, `两次输入的${label}不一致`)]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </>
  );
}
