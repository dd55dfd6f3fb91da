import { searchAttributes, workflowIds } from '../../temporal.config';
import type { Config } from '../config/config';

export interface WorkflowLink {
  workflowId: string;
  /** The Temporal visibility query (search attributes) that finds the workflow, for the UI or `temporal workflow list -q`. */
  query: string;
  /** The Temporal Web UI's workflow list filtered by that query. */
  url: string;
}

/** Where an operator finds a data-subject request's workflow in the Temporal Web UI. */
export function dataSubjectRequestWorkflowLink(
  temporal: Config['temporal'],
  request: { id: string; workflow_id: string | null },
): WorkflowLink {
  const workflowId = request.workflow_id ?? workflowIds.dataSubjectRequest(request.id);
  const query = `${searchAttributes.workflowKind.name} = 'data-subject-request' AND WorkflowId = '${workflowId}'`;
  const base = temporal.uiUrl.replace(/\/+$/, '');
  const url = `${base}/namespaces/${encodeURIComponent(temporal.namespace)}/workflows?query=${encodeURIComponent(query)}`;
  return { workflowId, query, url };
}
