import { Tabs } from 'antd';

import { useUrlState } from '../../../lib/workspace';
import { Agencies } from './Agencies';
import { ManagerList } from './ManagerList';
import { TrainingCamps } from './TrainingCamps';

const TABS = ['managers', 'agencies', 'camps'] as const;
type Tab = (typeof TABS)[number];

/** 经理人与机构 (staff): the managers' directory, the transfer agencies and the training camps. */
export default function Directory() {
  const url = useUrlState();
  const raw = url.get('tab');
  const tab: Tab = TABS.includes(raw as Tab) ? (raw as Tab) : 'managers';
  return (
    <div className="managers-page">
      <div className="page-head">
        <h1>经理人与机构</h1>
      </div>
      <Tabs
        activeKey={tab}
        onChange={(k) => {
          // Filters belong to one tab: switching starts from a clean address.
          const clear = ['q', 'affiliation', 'level', 'status', 'scope', 'chain'];
          url.update({
            tab: k === 'managers' ? undefined : k,
            ...Object.fromEntries(clear.map((c) => [c, undefined])),
          });
        }}
        items={[
          { key: 'managers', label: '技术经理人', children: tab === 'managers' ? <ManagerList /> : null },
          { key: 'agencies', label: '技术转移服务机构', children: tab === 'agencies' ? <Agencies /> : null },
          { key: 'camps', label: '训练营', children: tab === 'camps' ? <TrainingCamps /> : null },
        ]}
      />
    </div>
  );
}
