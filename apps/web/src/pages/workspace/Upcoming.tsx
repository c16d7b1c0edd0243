import { Result } from 'antd';
import { useParams } from 'react-router';

import { MENU } from '../../lib/menu';
import NotFound from '../NotFound';

/** Menu entries whose pages come in the next part of the console. */
export default function Upcoming() {
  const { section } = useParams();
  const entry = MENU.find((m) => m.path === `/workspace/${section}`);
  if (!entry) return <NotFound />;
  return (
    <>
      <h1>{entry.label}</h1>
      <Result status="info" title="页面建设中" subTitle="该功能页面将在后续版本开放，当前可通过 API（/docs）使用。" />
    </>
  );
}
