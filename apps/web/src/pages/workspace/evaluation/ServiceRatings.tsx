import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Form, Input, Modal, Rate, Table, Tag } from 'antd';
import { useState } from 'react';

import { QueryView } from '../../../components/states';
import { api, type Schemas, unwrap } from '../../../lib/api';
import { showFieldErrors } from '../../../lib/form-errors';
import { useNotify } from '../../../lib/workspace';

type Rateable = Schemas['RateableRecordDto'];

const SCORE_LABELS = ['很不满意', '不满意', '一般', '满意', '非常满意'];

/** 服务评价: the enterprise rates the technology managers who served it, once per service record or contract. */
export default function ServiceRatings() {
  const client = useQueryClient();
  const notify = useNotify();
  const [rating, setRating] = useState<Rateable>();
  const [form] = Form.useForm<{ score: number; comment?: string }>();
  const rows = useQuery({ queryKey: ['service-ratings'], queryFn: () => unwrap(api.GET('/service-ratings/rateable')) });
  const rate = useMutation({
    mutationFn: (v: { score: number; comment?: string }) =>
      unwrap(
        api.POST('/service-ratings', {
          body: { recordKind: rating!.recordKind, recordId: rating!.recordId, score: v.score, comment: v.comment },
        }),
      ),
    onSuccess: async (r) => {
      notify.ok(`已评价${r.managerName}的服务：${r.score} 分`);
      setRating(undefined);
      form.resetFields();
      await client.invalidateQueries({ queryKey: ['service-ratings'] });
    },
    onError: (err) => {
      if (!showFieldErrors(form, err, ['score', 'comment'])) notify.fail(err);
    },
  });

  return (
    <div className="bureau-page">
      <div className="page-head">
        <h1>服务评价</h1>
      </div>
      <p className="page-intro">
        技术经理人为本企业登记的服务记录和促成的签约项目，每条可评价一次（1–5 分），评价计入其分级评估。
      </p>
      <QueryView query={rows} isEmpty={(d) => !d.length} empty="暂无可评价的服务记录或签约项目">
        {(data) => (
          <Table<Rateable>
            rowKey={(r) => `${r.recordKind}:${r.recordId}`}
            dataSource={data}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            columns={[
              { title: '日期', dataIndex: 'occurredOn', width: 110 },
              { title: '类型', dataIndex: 'recordKindLabel', width: 100, render: (v: string) => <Tag>{v}</Tag> },
              { title: '内容', dataIndex: 'title', ellipsis: true },
              { title: '技术经理人', dataIndex: 'managerName', width: 110 },
              {
                title: '评价',
                key: 'rating',
                width: 220,
                render: (_: unknown, r: Rateable) =>
                  r.rating ? (
                    <span>
                      <Rate disabled value={r.rating.score} aria-label={`已评 ${r.rating.score} 分`} />
                      {r.rating.comment && <div className="rating-comment">{r.rating.comment}</div>}
                    </span>
                  ) : (
                    <Button onClick={() => setRating(r)}>评价</Button>
                  ),
              },
            ]}
          />
        )}
      </QueryView>
      <Modal
        open={!!rating}
        title={rating ? `评价${rating.managerName}的服务` : ''}
        okText="提交评价"
        cancelText="取消"
        confirmLoading={rate.isPending}
        onCancel={() => setRating(undefined)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <p>{rating?.title}</p>
        <Form form={form} layout="vertical" onFinish={(v) => rate.mutate(v)}>
          <Form.Item
            name="score"
            label="评分"
            // a validator, not `required`: antd would put aria-required on the star list, which axe refuses
            rules={[{ validator: (_, v) => (v ? Promise.resolve() : Promise.reject(new Error('请选择 1–5 分'))) }]}
          >
            <Rate tooltips={SCORE_LABELS} aria-label="评分" />
          </Form.Item>
          <Form.Item name="comment" label="评语" rules={[{ max: 500, message: '不超过 500 字' }]}>
            <Input.TextArea rows={3} placeholder="服务中满意或需要改进的地方（选填）" />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
