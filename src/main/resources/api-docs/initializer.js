// Starts Swagger UI on the contract this server serves. A file of its own, not an inline script, so that the
// page's Content-Security-Policy allows scripts from this origin only.
window.ui = SwaggerUIBundle({
  url: '../openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  // No badge that would send the contract to a validator on the internet.
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
});
