import { useEffect, useId, useMemo, useState } from 'react';
import { api, errorText } from '../api.ts';
import type { Department, DepartmentRef } from '../types.ts';

let departmentsPromise: Promise<Department[]> | undefined;

/** The department list, fetched once per page load. */
export function loadDepartments(): Promise<Department[]> {
  departmentsPromise ??= api.departments().then(
    (response) => response.departments,
    (error: unknown) => {
      departmentsPromise = undefined;
      throw error;
    },
  );
  return departmentsPromise;
}

export function useDepartments(): { departments: Department[]; error: unknown } {
  const [departments, setDepartments] = useState<Department[]>([]);
  const [error, setError] = useState<unknown>(undefined);
  useEffect(() => {
    let live = true;
    loadDepartments().then(
      (list) => live && setDepartments(list),
      (reason: unknown) => live && setError(reason),
    );
    return () => {
      live = false;
    };
  }, []);
  return { departments, error };
}

interface DepartmentPickerProps {
  value: DepartmentRef | undefined;
  onChange: (department: DepartmentRef | undefined) => void;
  suggestions?: Array<DepartmentRef & { why: string }>;
  /** The current lead department (a reroute must choose another). */
  excludeId?: string;
  legend?: string;
}

/**
 * Choose a department: the machine's suggestions (with why) as radio buttons, or any department from the list,
 * narrowed by a filter box. Both are plain form controls, so it is keyboard operable.
 */
export function DepartmentPicker({ value, onChange, suggestions = [], excludeId, legend = '承办单位' }: DepartmentPickerProps) {
  const { departments, error } = useDepartments();
  const [filter, setFilter] = useState('');
  const filterId = useId();
  const selectId = useId();
  const groupName = useId();

  const filtered = useMemo(() => {
    const words = filter.trim().toLowerCase().split(/\s+/).filter(Boolean);
    return departments.filter((department) => {
      if (department.id === excludeId) return false;
      const text = `${department.name} ${department.id} ${department.district ?? ''}`.toLowerCase();
      return words.every((word) => text.includes(word));
    });
  }, [departments, filter, excludeId]);

  const suggested = suggestions.some((suggestion) => suggestion.id === value?.id);

  return (
    <fieldset className="department-picker">
      <legend>{legend}</legend>
      {suggestions.length > 0 ? (
        <div className="suggestions" role="radiogroup" aria-label="系统建议的承办单位">
          <div className="field-caption">系统建议</div>
          {suggestions.map((suggestion) => (
            <label key={suggestion.id} className="suggestion" data-testid="dispatch-suggestion" data-department-id={suggestion.id}>
              <input
                type="radio"
                name={groupName}
                value={suggestion.id}
                checked={value?.id === suggestion.id}
                onChange={() => onChange({ id: suggestion.id, name: suggestion.name })}
              />
              <span>
                <strong>{suggestion.name}</strong>
                <span className="why">{suggestion.why}</span>
              </span>
            </label>
          ))}
        </div>
      ) : null}
      <div className="field">
        <label htmlFor={filterId}>{suggestions.length > 0 ? '或从全部单位中选择（输入关键字筛选）' : '筛选单位（输入名称或区域关键字）'}</label>
        <input
          id={filterId}
          type="search"
          value={filter}
          placeholder="如：住建、A3区、水务"
          onChange={(event) => setFilter(event.target.value)}
          data-testid="department-filter"
        />
      </div>
      <div className="field">
        <label htmlFor={selectId}>单位列表（{filtered.length} 个）</label>
        <select
          id={selectId}
          size={6}
          value={value && !suggested ? value.id : ''}
          onChange={(event) => {
            const department = departments.find((item) => item.id === event.target.value);
            onChange(department ? { id: department.id, name: department.name } : undefined);
          }}
          data-testid="department-select"
        >
          {filtered.map((department) => (
            <option key={department.id} value={department.id}>
              {department.name}
              {department.district ? `（${department.district}）` : ''}
            </option>
          ))}
        </select>
      </div>
      {error ? <p className="field-error" role="alert">单位列表加载失败：{errorText(error)}</p> : null}
      <p className="field-hint" aria-live="polite">
        已选择：{value ? <strong data-testid="department-chosen">{value.name}</strong> : <span className="muted">未选择</span>}
      </p>
    </fieldset>
  );
}
