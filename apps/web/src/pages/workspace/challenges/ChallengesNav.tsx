import { Segmented } from 'antd';
import { useNavigate } from 'react-router';

const PAGES = [
  { value: 'calls', label: '榜单看板', path: '/workspace/challenges' },
  { value: 'projects', label: '攻关项目', path: '/workspace/challenges/projects' },
  { value: 'consortia', label: '创新联合体', path: '/workspace/challenges/consortia' },
] as const;

/** The manager's 揭榜挂帅 pages: call board, projects and the consortium registry. */
export function ChallengesNav({ current }: { current: (typeof PAGES)[number]['value'] }) {
  const navigate = useNavigate();
  return (
    <Segmented
      className="challenges-nav"
      aria-label="揭榜挂帅栏目"
      value={current}
      onChange={(v) => navigate(PAGES.find((p) => p.value === v)!.path)}
      options={PAGES.map((p) => ({ value: p.value, label: p.label }))}
    />
  );
}
