import { LocationProvider, Route, Router } from 'preact-iso';
import { PlainLayout } from './components/layout';
import { ApiKeysPage } from './pages/api-keys';
import { OverviewPage } from './pages/overview';
import { SignInPage, SignUpPage } from './pages/sign-in';
import { SessionProvider } from './session';

function NotFoundPage() {
  return (
    <PlainLayout title="Page not found">
      <p>
        There is no page here. Go to the <a href="/">dashboard</a> or the <a href="/privacy">privacy center</a>.
      </p>
    </PlainLayout>
  );
}

export function App() {
  return (
    <LocationProvider>
      <SessionProvider>
        <Router>
          <Route path="/" component={OverviewPage} />
          <Route path="/signin" component={SignInPage} />
          <Route path="/signup" component={SignUpPage} />
          <Route path="/keys" component={ApiKeysPage} />
          <Route default component={NotFoundPage} />
        </Router>
      </SessionProvider>
    </LocationProvider>
  );
}
