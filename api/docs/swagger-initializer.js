// Starts Swagger UI over the app's own OpenAPI document. A served file, not an inline
// script, so that a Content-Security-Policy without 'unsafe-inline' scripts allows it.
window.addEventListener('DOMContentLoaded', function () {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    // Deep links put a link inside each operation's expand button: nested controls that a
    // screen reader cannot reach apart (axe-core nested-interactive, WCAG 4.1.2).
    deepLinking: false,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    persistAuthorization: false,
  });
});
