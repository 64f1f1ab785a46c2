import { useEffect, useState } from "preact/hooks";
import { api, chorus } from "../api.ts";
import type { Settings } from "../api-types.ts";
import { ErrorMessage } from "../components/error-message.tsx";
import { Field } from "../components/field.tsx";
import { useMe } from "../me.ts";
import { useResource } from "../use-resource.ts";
import { OwnKeysPanel } from "./own-keys-panel.tsx";

/** `GET/PUT /v1/settings`: preferred model, favourites, usage limit, AI on/off; then the own keys. */
export function SettingsPage() {
  const settings = useResource(() => api<Settings>("GET", "/v1/settings"));
  const models = useResource(() => chorus.models());
  const me = useMe();
  const [draft, setDraft] = useState<Settings>();
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>();
  useEffect(() => setDraft(settings.data), [settings.data]);

  const change = (fields: Partial<Settings>) => {
    setSaved(false);
    setDraft((current) => current && { ...current, ...fields });
  };

  async function save(event: Event) {
    event.preventDefault();
    if (!draft) return;
    setError(undefined);
    try {
      setDraft(await api<Settings>("PUT", "/v1/settings", draft));
      setSaved(true);
      // Turning AI off (or a new usage limit) changes what `/v1/me` says: the banner follows at once.
      me.reload();
    } catch (failure) {
      setError(failure);
    }
  }

  const ids = models.data?.data.map((model) => model.id) ?? [];
  return (
    <main class="page">
      <h1>Settings</h1>
      <ErrorMessage error={settings.error ?? models.error} />
      {draft && (
        <form class="card" onSubmit={save} aria-label="Settings">
          <Field label="Preferred model" hint="Used when a request names no model.">
            <select value={draft.preferredModel ?? ""} onChange={(e) => change({ preferredModel: e.currentTarget.value || null })}>
              <option value="">Gateway default</option>
              {ids.map((id) => <option key={id} value={id}>{id}</option>)}
            </select>
          </Field>
          <fieldset>
            <legend>Favourite models</legend>
            <div class="checks">
              {ids.map((id) => (
                <label class="check" key={id}>
                  <input
                    type="checkbox"
                    checked={draft.favoriteModels.includes(id)}
                    onChange={(e) => change({ favoriteModels: e.currentTarget.checked ? [...draft.favoriteModels, id] : draft.favoriteModels.filter((m) => m !== id) })}
                  />
                  {id}
                </label>
              ))}
            </div>
          </fieldset>
          <div class="row">
            <Field label="Usage limit (requests)" hint="Empty for no limit.">
              <input
                type="number"
                min={1}
                inputMode="numeric"
                value={draft.usageLimit ?? ""}
                onInput={(e) => change({ usageLimit: e.currentTarget.value === "" ? null : Number(e.currentTarget.value) })}
              />
            </Field>
            <Field label="Usage period">
              <select value={draft.usagePeriod} onChange={(e) => change({ usagePeriod: e.currentTarget.value as Settings["usagePeriod"] })}>
                <option value="daily">daily</option>
                <option value="monthly">monthly</option>
              </select>
            </Field>
          </div>
          <label class="check"><input type="checkbox" checked={draft.aiEnabled} onChange={(e) => change({ aiEnabled: e.currentTarget.checked })} /> AI features enabled</label>
          <ErrorMessage error={error} />
          <div class="row">
            <button type="submit">Save settings</button>
            {saved && <span role="status">Saved.</span>}
          </div>
        </form>
      )}
      <OwnKeysPanel />
    </main>
  );
}
