import { useMutation } from '@tanstack/react-query';
import { Form, Input, Modal } from 'antd';

import { PairPickerFields } from '../../../components/PairPickers';
import { api, unwrap } from '../../../lib/api';
import { showFieldErrors } from '../../../lib/form-errors';
import { useNotify } from '../../../lib/workspace';

interface Fields {
  demandId: string;
  achievementId: string;
  note?: string;
}

/** 人工配对: a manager pairs a published demand with a published achievement (e.g. met at a roadshow). */
export default function ManualPairing({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (id: string) => void;
}) {
  const [form] = Form.useForm<Fields>();
  const notify = useNotify();
  const create = useMutation({
    mutationFn: (v: Fields) => unwrap(api.POST('/matches', { body: { ...v, note: v.note || undefined } })),
    onSuccess: (m) => {
      notify.ok('已人工配对，进入“系统推荐”阶段待确认');
      onCreated(m.id);
    },
    onError: (err) => {
      if (!showFieldErrors(form, err, ['demandId', 'achievementId', 'note'])) notify.fail(err);
    },
  });

  return (
    <Modal
      open
      title="人工配对"
      okText="配对"
      cancelText="取消"
      okButtonProps={{ loading: create.isPending }}
      onCancel={onClose}
      onOk={() => form.submit()}
      width={640}
    >
      <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)}>
        <PairPickerFields hints />
        <Form.Item name="note" label="配对说明（选填）" extra="如：路演现场双方有合作意向。">
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
