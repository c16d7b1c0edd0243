import type { FormRule } from 'antd';

/** A confirmation field (确认密码) that must repeat another field of the same form. */
export function sameAs(field: string, message: string): FormRule {
  return ({ getFieldValue }) => ({
    validator: (_, v) => (!v || v === getFieldValue(field) ? Promise.resolve() : Promise.reject(new Error(message))),
  });
}
