import numpy as np
import pytest

from utils.lessons.gan_lab import helpers as gan


def test_gaussian_pdf_integrates_to_one_and_peaks_at_the_mean():
    x = np.linspace(-10, 18, 20001)
    p = gan.gaussian_pdf(x, 4.0, 1.25)
    assert np.isclose(np.trapezoid(p, x), 1.0, atol=1e-6)
    assert np.isclose(x[p.argmax()], 4.0, atol=1e-2)
    assert np.isclose(p.max(), 1 / (1.25 * np.sqrt(2 * np.pi)), rtol=1e-6)


@pytest.mark.parametrize("sigma", [0.0, -1.0, np.nan])
def test_gaussian_pdf_rejects_bad_sigma(sigma):
    with pytest.raises(ValueError, match="sigma must be a positive"):
        gan.gaussian_pdf(0.0, 0.0, sigma)


def test_normal_cdf_and_ks_statistic():
    assert np.isclose(gan.normal_cdf(4.0, 4.0, 1.25), 0.5)
    assert np.isclose(gan.normal_cdf(1.0), 0.8413447, atol=1e-7)
    rng = np.random.default_rng(3)
    assert gan.ks_statistic(rng.normal(4, 1.25, 20000), 4, 1.25) < 0.015
    assert gan.ks_statistic(rng.normal(4.5, 1.25, 20000), 4, 1.25) > 0.1
    assert np.isclose(gan.ks_statistic([0.0, 0.0], 0.0, 1.0), 0.5)
    with pytest.raises(ValueError, match="sigma must be a positive"):
        gan.ks_statistic([1.0, 2.0], 0.0, -1.0)


def test_kde_recovers_a_normal_density():
    samples = np.random.default_rng(0).normal(4, 1.25, size=20000)
    grid = np.linspace(0, 8, 81)
    est = gan.kde(samples, grid)
    assert np.abs(est - gan.gaussian_pdf(grid, 4, 1.25)).max() < 0.02


def test_kde_rejects_bad_input():
    with pytest.raises(ValueError, match="at least 2 samples"):
        gan.kde([1.0], np.linspace(0, 1, 5))
    with pytest.raises(ValueError, match="NaN"):
        gan.kde([1.0, np.nan], np.linspace(0, 1, 5))
    with pytest.raises(ValueError, match="1-D array"):
        gan.kde([1.0, 2.0], np.zeros((2, 2)))
    with pytest.raises(ValueError, match="bandwidth must be a positive"):
        gan.kde([1.0, 2.0], np.linspace(0, 1, 5), bandwidth=-1)


def test_optimal_discriminator():
    d = gan.optimal_discriminator([3.0, 1.0, 0.0, 0.0], [1.0, 1.0, 2.0, 0.0])
    np.testing.assert_allclose(d, [0.75, 0.5, 0.0, 0.5])
    with pytest.raises(ValueError, match="same shape"):
        gan.optimal_discriminator([1.0], [1.0, 2.0])
    with pytest.raises(ValueError, match="negative"):
        gan.optimal_discriminator([-1.0], [1.0])


def test_inception_score_extremes():
    assert np.isclose(gan.inception_score(np.eye(10))[0], 10.0)
    assert np.isclose(gan.inception_score(np.tile(np.eye(10)[[3]], (20, 1)))[0], 1.0)
    assert np.isclose(gan.inception_score(np.full((5, 10), 0.1))[0], 1.0)
    mean, std = gan.inception_score(np.tile(np.eye(10), (4, 1)), splits=4)
    assert np.isclose(mean, 10.0) and np.isclose(std, 0.0)


def test_inception_score_rejects_bad_input():
    with pytest.raises(ValueError, match="samples, classes"):
        gan.inception_score(np.ones(10) / 10)
    with pytest.raises(ValueError, match="probability vector"):
        gan.inception_score(np.ones((3, 4)))
    with pytest.raises(ValueError, match="splits"):
        gan.inception_score(np.eye(3), splits=5)
    with pytest.raises(ValueError, match="splits"):
        gan.inception_score(np.eye(3), splits=0)


def test_sqrtm_psd_squares_back():
    a = np.random.default_rng(1).standard_normal((6, 6))
    c = a @ a.T
    r = gan.sqrtm_psd(c)
    np.testing.assert_allclose(r @ r, c, atol=1e-9)
    np.testing.assert_allclose(r, r.T, atol=1e-12)


def test_sqrtm_psd_rejects_bad_input():
    with pytest.raises(ValueError, match="square matrix"):
        gan.sqrtm_psd(np.ones((2, 3)))
    with pytest.raises(ValueError, match="symmetric"):
        gan.sqrtm_psd(np.array([[1.0, 2.0], [0.0, 1.0]]))


def test_frechet_distance_closed_forms():
    assert np.isclose(gan.frechet_distance([1.0], [[4.0]], [3.0], [[1.0]]), 5.0)
    assert np.isclose(gan.frechet_distance(np.zeros(3), np.eye(3), np.zeros(3), np.eye(3)), 0.0, atol=1e-12)
    # Diagonal covariances: sum over dimensions of (mu1-mu2)^2 + (s1-s2)^2.
    fd = gan.frechet_distance([0.0, 1.0], np.diag([1.0, 9.0]), [1.0, 1.0], np.diag([4.0, 1.0]))
    assert np.isclose(fd, 1.0 + 1.0 + 4.0)


def test_frechet_distance_from_features_is_small_for_the_same_distribution():
    rng = np.random.default_rng(2)
    f1, f2 = rng.standard_normal((4000, 3)), rng.standard_normal((4000, 3))
    assert gan.frechet_distance_features(f1, f2) < 0.02
    assert gan.frechet_distance_features(f1, f2 + 1.0) > 2.9


def test_frechet_distance_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="mu1, mu2 must be means"):
        gan.frechet_distance(np.zeros(2), np.eye(2), np.zeros(3), np.eye(3))
    with pytest.raises(ValueError, match=r"\(N, D\)"):
        gan.gaussian_stats(np.zeros(5))


def test_tile_images():
    images = np.arange(2 * 2 * 3, dtype=float).reshape(3, 2, 2)
    mosaic = gan.tile_images(images, ncols=2, pad=1)
    assert mosaic.shape == (2 * 3 + 1, 2 * 3 + 1)
    np.testing.assert_array_equal(mosaic[1:3, 1:3], images[0])
    np.testing.assert_array_equal(mosaic[4:6, 1:3], images[2])
    assert gan.tile_images(images[..., None], ncols=8).shape == (4, 3 * 3 + 1)
    with pytest.raises(ValueError, match="shape"):
        gan.tile_images(np.zeros((2, 2)))
    with pytest.raises(ValueError, match="ncols"):
        gan.tile_images(images, ncols=0)
