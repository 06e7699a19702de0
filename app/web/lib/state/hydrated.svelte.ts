/**
 * Whether the component runs in the browser yet. Controls that only work through JavaScript
 * (they call the JSON API) stay disabled until then, so an early click is not lost or sent
 * as a plain form submission.
 */
export class Hydrated {
  #done = $state(false);

  /** Create it while a component initialises. */
  constructor() {
    $effect(() => {
      this.#done = true;
    });
  }

  get done(): boolean {
    return this.#done;
  }
}
